import Dispatch
import Synchronization

/// A period's dialogs held in memory, replayed through the report's engine under several
/// configurations (`chatsla tune`).
///
/// ```swift
/// let replay = PeriodReplay(configuration: configuration, dialogs: dialogs)
/// let reports = replay.reports([configuration, configuration.proposing(limits)])
/// ```
/// Orders are not replayed: limits change no conversion figure.
public struct PeriodReplay: Sendable {
    public let configuration: ReportConfiguration
    public let dialogs: [DialogHistory]

    public init(configuration: ReportConfiguration, dialogs: [DialogHistory]) {
        self.configuration = configuration
        self.dialogs = dialogs
    }

    /// One report per configuration, computed in parallel (one replay each).
    /// - Complexity: O(facts) per configuration; memory one accumulator per configuration.
    public func reports(_ configurations: [ReportConfiguration]) -> [SLAReport] {
        let results = ReplayResults<SLAReport>(count: configurations.count)
        let dialogs = self.dialogs
        DispatchQueue.concurrentPerform(iterations: configurations.count) { index in
            var accumulator = SLAAccumulator(configuration: configurations[index])
            for dialog in dialogs { accumulator.add(dialog) }
            results.set(index, accumulator.report())
        }
        return results.all()
    }

    /// The tuning figures per configuration: the same engine walk as ``reports(_:)`` without
    /// building the report's tables, and one walk for all configurations that share a clock
    /// policy (their limits are evaluated side by side, see
    /// ``SLAAccumulator/init(configuration:alternatives:)``). The dialogs are split in parts
    /// walked in parallel and merged.
    /// - Parameters:
    ///   - configurations: derived from ``configuration`` (`proposing`), one outcome each.
    ///   - withSamples: whether to keep the sorted peak clocks (for ``OnTimeTarget``).
    /// - Returns: one outcome per configuration, in order.
    /// - Complexity: O(facts × policies + episodes × configurations); memory one accumulator per part.
    public func outcomes(_ configurations: [ReportConfiguration], withSamples: Bool = false) -> [ReplayOutcome] {
        // Configurations grouped by clock policy, in order of first appearance.
        var grouping: [[Int]] = []
        for index in configurations.indices {
            if let group = grouping.firstIndex(where: {
                configurations[$0[0]].clockStartOverride == configurations[index].clockStartOverride
            }) {
                grouping[group].append(index)
            } else {
                grouping.append([index])
            }
        }
        let groups = grouping
        let dialogs = self.dialogs
        let parts = Swift.max(1, Swift.min(Self.partsPerWalk, dialogs.count))
        let walked = ReplayResults<SLAAccumulator>(count: groups.count * parts)
        DispatchQueue.concurrentPerform(iterations: groups.count * parts) { task in
            let group = groups[task / parts]
            let part = task % parts
            var accumulator = SLAAccumulator(
                configuration: configurations[group[0]],
                alternatives: group.dropFirst().map { configurations[$0] }
            )
            let range = (dialogs.count * part / parts)..<(dialogs.count * (part + 1) / parts)
            for dialog in dialogs[range] { accumulator.add(dialog) }
            walked.set(task, accumulator)
        }
        var results = [ReplayOutcome?](repeating: nil, count: configurations.count)
        for (number, group) in groups.enumerated() {
            // Taken out of the results, so that merging appends to the part's own arrays
            // instead of copying them first (they would be shared with the results).
            guard var merged = walked.take(number * parts) else { continue }
            merged.merge(contentsOf: (1..<parts).compactMap { walked.take(number * parts + $0) })
            for (position, outcome) in ReplayOutcome.outcomes(merged, withSamples: withSamples).enumerated() {
                results[group[position]] = outcome
            }
        }
        return results.compactMap { $0 }
    }

    /// Parts of the dialogs walked in parallel: more than the cores, so that the parts finish
    /// together.
    static let partsPerWalk = 8
}

/// Results of parallel work (replays, comparisons), written from their threads.
final class ReplayResults<Value: Sendable>: Sendable {
    private let reports: Mutex<[Value?]>

    init(count: Int) {
        reports = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ report: Value) {
        reports.withLock { $0[index] = report }
    }

    /// Removes and returns one value (every iteration of `concurrentPerform` has run).
    func take(_ index: Int) -> Value? {
        reports.withLock { reports in
            let value = reports[index]
            reports[index] = nil
            return value
        }
    }

    /// Every iteration of `concurrentPerform` has run by the time this is called.
    func all() -> [Value] {
        reports.withLock { $0.compactMap { $0 } }
    }
}

import Dispatch

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

    /// The tuning figures per configuration, computed in parallel: the same engine walk as
    /// ``reports(_:)`` without building the report's tables.
    /// - Parameters:
    ///   - configurations: one replay each.
    ///   - withSamples: whether to keep the sorted peak clocks (for ``OnTimeTarget``).
    /// - Returns: one outcome per configuration, in order.
    /// - Complexity: O(facts) per configuration; memory one accumulator at a time per core.
    public func outcomes(_ configurations: [ReportConfiguration], withSamples: Bool = false) -> [ReplayOutcome] {
        let results = ReplayResults<ReplayOutcome>(count: configurations.count)
        let dialogs = self.dialogs
        DispatchQueue.concurrentPerform(iterations: configurations.count) { index in
            var accumulator = SLAAccumulator(configuration: configurations[index])
            for dialog in dialogs { accumulator.add(dialog) }
            results.set(index, ReplayOutcome(accumulator, withSamples: withSamples))
        }
        return results.all()
    }
}

/// Reports of the parallel replays, written from their threads.
private final class ReplayResults<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLockLike()
    private var reports: [Value?]

    init(count: Int) {
        reports = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ report: Value) {
        lock.withLock { reports[index] = report }
    }

    /// Every iteration of `concurrentPerform` has run by the time this is called.
    func all() -> [Value] {
        lock.withLock { reports.compactMap { $0 } }
    }
}

/// A mutex without Foundation (SLAAnalytics depends on ChatDomain only).
private final class NSLockLike: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    func withLock<T>(_ body: () -> T) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return body()
    }
}

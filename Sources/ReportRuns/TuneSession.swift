import ChatDomain
import Foundation
import Reports
import SLAAnalytics

/// `chatsla tune`'s run: the period's dialogs extracted once, replayed in memory under today's
/// limits and under the proposals, and written as `tune.csv` and `tune.html`.
///
/// Never changes a setting: it ends with the `chatsla limits set` commands that would.
///
/// ```swift
/// let session = TuneSession(proposals: .limits([LimitProposal(warningSeconds: 300, processingSeconds: 600)]))
/// let outcome = try session.run(pipeline, parameters: parameters, writingTo: "reports/tune")
/// ```
public struct TuneSession: Sendable {
    /// What to compare today's limits with.
    public enum Proposals: Sendable {
        /// These limits for every channel, one replay each.
        case limits([LimitProposal])
        /// Per channel, the smallest limits (multiples of 30 s) keeping at least these shares of
        /// the episodes below warning and below overdue.
        case target(warning: OnTimeTarget, processing: OnTimeTarget)
    }

    public var proposals: Proposals
    /// A proposed `clock_start` policy, or `nil` to keep today's.
    public var clockStart: PolicySetting.ClockStart?
    /// The admin the printed `limits set` commands name.
    public var admin: String

    public init(proposals: Proposals, clockStart: PolicySetting.ClockStart? = nil, admin: String = "ADMIN") {
        self.proposals = proposals
        self.clockStart = clockStart
        self.admin = admin
    }

    /// What a tune run found, and what it read.
    public struct Outcome: Sendable {
        public var comparisons: [TuneComparison]
        /// Lines for the reader (verification of a target, the proposed policy).
        public var notes: [String]
        /// The `chatsla limits set` commands (and comments) that would apply the proposals.
        public var commands: [String]
        /// The page's file name inside the folder written.
        public var pageFileName: String { TuneDocument.pageFileName }
        public var dialogs: Int
        public var rowsRead: Int
        public var replays: Int
        public var extraction: Duration
        public var replay: Duration
    }

    /// Extracts the period with `pipeline`, replays it and writes `tune.csv` and `tune.html` into `folder`.
    /// - Throws: ``UnknownChannelError``, the store's errors, the writer's.
    public func run(
        _ pipeline: ReportPipeline,
        parameters: ReportParameters,
        writingTo folder: String
    ) throws -> Outcome {
        let started = ContinuousClock.now
        let snapshot = try pipeline.snapshot(parameters)
        let extracted = ContinuousClock.now
        let configuration = snapshot.configuration
        let replay = PeriodReplay(configuration: configuration, dialogs: snapshot.dialogs)
        var notes: [String] = []
        let comparisons: [TuneComparison]
        let replays: Int
        switch proposals {
        case .target(let warningTarget, let processingTarget):
            // Peak clocks depend on the policy only: one replay under the proposed policy gives
            // the answer, a second one under the answer verifies it with the engine.
            var base = [configuration]
            if let clockStart { base.append(configuration.proposing([:], clockStart: clockStart)) }
            let baseReports = replay.outcomes(base, withSamples: true)
            let limits = OnTimeTarget.proposal(
                samples: baseReports[baseReports.count - 1].waitSamples,
                warning: warningTarget,
                processing: processingTarget
            )
            let proposed = replay.outcomes([configuration.proposing(limits, clockStart: clockStart)])[0]
            replays = base.count + 1
            let comparison = TuneComparison(
                label: "Smallest limits keeping \(Self.percent(warningTarget)) below warning and "
                    + "\(Self.percent(processingTarget)) below overdue",
                limits: limits,
                clockStart: clockStart,
                current: baseReports[0],
                proposed: proposed
            )
            comparisons = [comparison]
            notes += Self.verify(comparison, warning: warningTarget, processing: processingTarget)
        case .limits(let candidates):
            let proposals = candidates.map { candidate in
                Dictionary(uniqueKeysWithValues: configuration.includedChannelIDs.map { ($0, candidate) })
            }
            let reports = replay.outcomes(
                [configuration] + proposals.map { configuration.proposing($0, clockStart: clockStart) }
            )
            replays = reports.count
            comparisons = TuneComparison.comparing(
                candidates.enumerated().map { index, candidate in
                    TuneComparison.Proposal(
                        label: "Proposal \(index + 1): "
                            + TuneDocument.limits(candidate.warningSeconds, candidate.processingSeconds)
                            + (clockStart.map { ", clock_start \($0.rawValue)" } ?? ""),
                        limits: proposals[index],
                        clockStart: clockStart,
                        outcome: reports[index + 1]
                    )
                },
                with: TuneComparison.Baseline(reports[0])
            )
        }
        let replayed = ContinuousClock.now
        if let clockStart { notes.append("Proposed clock_start: \(clockStart.rawValue) (a chat setting, see below).") }
        let commands = self.commands(for: comparisons)
        let channels = parameters.channelFilter.map { "; channels \($0.sorted().joined(separator: ", "))" } ?? ""
        let document = TuneDocument(
            title: "chatsla tune",
            period: "\(parameters.from) – \(parameters.to) (\(parameters.timeZone.identifier)), as of "
                + RFC3339.format(parameters.asOf) + channels,
            notes: notes,
            comparisons: comparisons,
            commands: commands
        )
        try ReportWriter().write(files: document.files(), to: URL(fileURLWithPath: folder))
        return Outcome(
            comparisons: comparisons,
            notes: notes,
            commands: commands,
            dialogs: snapshot.dialogs.count,
            rowsRead: snapshot.rowsRead,
            replays: replays,
            extraction: extracted - started,
            replay: replayed - extracted
        )
    }

    /// Checks, with the engine's replay, that the found limits meet the targets.
    private static func verify(
        _ comparison: TuneComparison,
        warning: OnTimeTarget,
        processing: OnTimeTarget
    ) -> [String] {
        comparison.channels.compactMap { row in
            guard row.episodes > 0 else { return "\(row.channel): no episodes in the period, no proposal." }
            let warningOK = warning.isMet(kept: row.episodes - row.warningProposed, of: row.episodes)
            let overdueOK = processing.isMet(kept: row.episodes - row.overdueProposed, of: row.episodes)
            return "\(row.channel): \(TuneDocument.limits(row.proposedWarningSeconds, row.proposedProcessingSeconds)) "
                + "keeps \(share(row.episodes - row.warningProposed, row.episodes)) below warning, "
                + "\(share(row.episodes - row.overdueProposed, row.episodes)) below overdue"
                + (warningOK && overdueOK ? " (verified by replay)" : " (NOT met on replay)")
        }
    }

    private func commands(for comparisons: [TuneComparison]) -> [String] {
        var commands: [String] = []
        for comparison in comparisons {
            if comparisons.count > 1 { commands.append("# \(comparison.label)") }
            for channel in comparison.limits.keys.sorted() {
                guard let limits = comparison.limits[channel] else { continue }
                var command =
                    "chatsla limits set --by \(Self.shellWord(admin)) --channel \(Self.shellWord(channel)) "
                    + "--processing \(DurationText.text(limits.processingSeconds))"
                if let warning = limits.warningSeconds { command += " --warning \(DurationText.text(warning))" }
                commands.append(command)
            }
        }
        if let clockStart {
            commands.append(
                "# clock_start is a chat setting: ingest a settings.chats event with \"clock_start\": "
                    + "\"\(clockStart.rawValue)\""
            )
        }
        return commands
    }

    private static func percent(_ target: OnTimeTarget) -> String {
        share(Int(target.numerator), Int(target.denominator))
    }

    /// `part` of `total` as a percentage with two decimals (`97.50 %`), `—` for no total.
    private static func share(_ part: Int, _ total: Int) -> String {
        guard let rate = Rate(Int64(part), over: Int64(total)) else { return "—" }
        let tenths = rate.tenThousandths
        return "\(tenths / 100).\(String(format: "%02d", tenths % 100)) %"
    }

    /// `word` as one shell word: as is when it is plain, else single-quoted.
    private static func shellWord(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_.:@".contains($0) }
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

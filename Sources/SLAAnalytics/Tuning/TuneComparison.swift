import Dispatch

/// One channel of a what-if: today's figures beside the proposal's.
public struct TuneChannelRow: Sendable, Hashable {
    public static let header = [
        "proposal", "channel", "current_warning_s", "current_processing_s", "proposed_warning_s",
        "proposed_processing_s", "episodes", "reached_warning_now", "reached_warning_proposed", "warning_difference",
        "reached_overdue_now", "reached_overdue_proposed", "overdue_difference", "warning_rate_now",
        "warning_rate_proposed", "overdue_rate_now", "overdue_rate_proposed",
    ]

    public var proposal: String
    public var channel: String
    public var currentWarningSeconds: Int64?
    public var currentProcessingSeconds: Int64?
    public var proposedWarningSeconds: Int64?
    public var proposedProcessingSeconds: Int64?
    public var episodes: Int
    public var warningNow: Int
    public var warningProposed: Int
    public var overdueNow: Int
    public var overdueProposed: Int

    public var warningRateNow: Rate? { Rate(Int64(warningNow), over: Int64(episodes)) }
    public var warningRateProposed: Rate? { Rate(Int64(warningProposed), over: Int64(episodes)) }
    public var overdueRateNow: Rate? { Rate(Int64(overdueNow), over: Int64(episodes)) }
    public var overdueRateProposed: Rate? { Rate(Int64(overdueProposed), over: Int64(episodes)) }

    /// The CSV cells in header order (empty where a figure does not exist).
    public var cells: [String] {
        [
            proposal, channel, currentWarningSeconds.cell, currentProcessingSeconds.cell,
            proposedWarningSeconds.cell, proposedProcessingSeconds.cell, String(episodes), String(warningNow),
            String(warningProposed), Self.signed(warningProposed - warningNow), String(overdueNow),
            String(overdueProposed), Self.signed(overdueProposed - overdueNow), warningRateNow.cell,
            warningRateProposed.cell, overdueRateNow.cell, overdueRateProposed.cell,
        ]
    }

    /// `+3`, `-2`, `0`.
    public static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : String(value) }
}

/// Episodes whose breach appears or disappears under a proposal, for one manager and level.
///
/// An episode counts at its highest level: reaching overdue only under the proposal is an
/// overdue that appears (attributed to the responsible at the proposal's crossing); an episode
/// dropping from overdue to warning is an overdue that disappears (attributed as today).
public struct ManagerBreachChange: Sendable, Hashable {
    /// User source id, `bot:<id>` or `unassigned`.
    public var manager: String
    public var level: BreachLevel
    public var appear: Int
    public var disappear: Int
}

/// A proposal replayed: per channel figures and per manager breach changes.
public struct TuneComparison: Sendable, Hashable {
    public var label: String
    public var limits: [String: LimitProposal]
    public var clockStart: PolicySetting.ClockStart?
    public var channels: [TuneChannelRow]
    public var managers: [ManagerBreachChange]

    /// Compares the report under today's settings with the proposal's.
    /// - Complexity: O(channels + breaches).
    public init(
        label: String,
        limits: [String: LimitProposal],
        clockStart: PolicySetting.ClockStart?,
        current: ReplayOutcome,
        proposed: ReplayOutcome
    ) {
        self.init(label: label, limits: limits, clockStart: clockStart, baseline: Baseline(current), proposed: proposed)
    }

    /// Today's outcome with its breaches indexed by episode: built once, compared with every
    /// proposal.
    public struct Baseline: Sendable {
        let outcome: ReplayOutcome
        /// Per episode, the index of its row in `outcome.breaches`.
        let rowOfEpisode: [EpisodeID: Int]
        /// Per row of `outcome.breaches`: whether it is its episode's first row.
        let isFirstRow: [Bool]

        /// - Complexity: O(breaches).
        public init(_ outcome: ReplayOutcome) {
            self.outcome = outcome
            var index: [EpisodeID: Int] = [:]
            index.reserveCapacity(outcome.breaches.count)
            var first = [Bool](repeating: false, count: outcome.breaches.count)
            for (position, row) in outcome.breaches.enumerated() {
                let episode = EpisodeID(row)
                if index[episode] == nil {
                    index[episode] = position
                    first[position] = true
                }
            }
            rowOfEpisode = index
            isFirstRow = first
        }
    }

    /// Compares today's outcome, indexed once in `baseline`, with a proposal's.
    /// - Complexity: O(channels + breaches of the proposal + breaches of today).
    public init(
        label: String,
        limits: [String: LimitProposal],
        clockStart: PolicySetting.ClockStart?,
        baseline: Baseline,
        proposed: ReplayOutcome
    ) {
        let current = baseline.outcome
        self.label = label
        self.limits = limits
        self.clockStart = clockStart
        let proposedRows = Dictionary(
            proposed.channels.map { ($0.channel, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        channels = current.channels.map { now in
            let then = proposedRows[now.channel]
            return TuneChannelRow(
                proposal: label,
                channel: now.channel,
                currentWarningSeconds: now.warningSeconds,
                currentProcessingSeconds: now.processingSeconds,
                proposedWarningSeconds: then?.warningSeconds,
                proposedProcessingSeconds: then?.processingSeconds,
                episodes: now.episodes,
                warningNow: now.reachedWarning,
                warningProposed: then?.reachedWarning ?? 0,
                overdueNow: now.reachedOverdue,
                overdueProposed: then?.reachedOverdue ?? 0
            )
        }
        managers = Self.managerChanges(baseline: baseline, proposed: proposed.breaches)
    }

    /// A proposal to compare with today's outcome.
    public struct Proposal: Sendable {
        public var label: String
        public var limits: [String: LimitProposal]
        public var clockStart: PolicySetting.ClockStart?
        public var outcome: ReplayOutcome

        public init(
            label: String,
            limits: [String: LimitProposal],
            clockStart: PolicySetting.ClockStart?,
            outcome: ReplayOutcome
        ) {
            self.label = label
            self.limits = limits
            self.clockStart = clockStart
            self.outcome = outcome
        }
    }

    /// Compares every proposal with today's outcome, the proposals in parallel (each comparison
    /// reads the shared baseline only).
    /// - Returns: one comparison per proposal, in order.
    public static func comparing(_ proposals: [Proposal], with baseline: Baseline) -> [TuneComparison] {
        let results = ReplayResults<TuneComparison>(count: proposals.count)
        DispatchQueue.concurrentPerform(iterations: proposals.count) { index in
            let proposal = proposals[index]
            results.set(
                index,
                TuneComparison(
                    label: proposal.label,
                    limits: proposal.limits,
                    clockStart: proposal.clockStart,
                    baseline: baseline,
                    proposed: proposal.outcome
                )
            )
        }
        return results.all()
    }

    struct EpisodeID: Hashable, Sendable {
        var dialog: String
        var channel: String
        var startedAt: Int64

        init(_ row: BreachRow) {
            dialog = row.dialog
            channel = row.channel
            startedAt = row.episodeStartedAt.instant
        }

        /// The start instant and the ids' lengths only: hashing the ids' text was a fifth of
        /// `tune`'s time, and episodes of one instant are few (equality still compares all).
        func hash(into hasher: inout Hasher) {
            hasher.combine(startedAt)
            hasher.combine(dialog.utf8.count)
            hasher.combine(channel.utf8.count)
        }
    }

    /// Per manager and level, the breaches that appear (the episode reaches the level only under
    /// the proposal) and disappear (only today). An episode is one row per replay, at its
    /// highest level; the first row of an episode counts when rows repeat.
    static func managerChanges(baseline: Baseline, proposed: [BreachRow]) -> [ManagerBreachChange] {
        let current = baseline.outcome.breaches
        struct Key: Hashable {
            var manager: String
            var level: BreachLevel
        }
        var changes: [Key: (appear: Int, disappear: Int)] = [:]
        // The proposal's level of each of today's rows (nil: not breached under the proposal).
        var proposedLevel = [BreachLevel?](repeating: nil, count: current.count)
        var seen = Set<EpisodeID>()
        for row in proposed {
            let episode = EpisodeID(row)
            if let position = baseline.rowOfEpisode[episode] {
                guard proposedLevel[position] == nil else { continue }  // a repeated episode
                proposedLevel[position] = row.level
                if current[position].level < row.level {
                    changes[Key(manager: row.responsibleAtCrossing, level: row.level), default: (0, 0)].appear += 1
                }
            } else if seen.insert(episode).inserted {
                changes[Key(manager: row.responsibleAtCrossing, level: row.level), default: (0, 0)].appear += 1
            }
        }
        for (position, row) in current.enumerated() where baseline.isFirstRow[position] {
            if (proposedLevel[position]).map({ $0 < row.level }) ?? true {
                changes[Key(manager: row.responsibleAtCrossing, level: row.level), default: (0, 0)].disappear += 1
            }
        }
        return changes.map {
            ManagerBreachChange(
                manager: $0.key.manager,
                level: $0.key.level,
                appear: $0.value.appear,
                disappear: $0.value.disappear
            )
        }
        .sorted {
            $0.manager != $1.manager
                ? $0.manager.unicodeScalars.lexicographicallyPrecedes($1.manager.unicodeScalars)
                : $0.level < $1.level
        }
    }
}

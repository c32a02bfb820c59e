/// One row of `breaches.csv`: an episode that reached a level, with its highest level only.
public struct BreachRow: Sendable, Hashable {
    public static let header = [
        "dialog", "channel", "level", "episode_started_at", "crossed_at", "ended_at", "outcome", "wait_s",
        "responsible_at_crossing",
    ]

    /// The dialog's source id.
    public var dialog: String
    /// The channel's source id.
    public var channel: String
    public var level: BreachLevel
    /// The episode's first customer message (for an accepted privacy dialog, at the earliest
    /// the acceptance instant).
    public var episodeStartedAt: ReportTimestamp
    /// The crossing instant of `level`.
    public var crossedAt: ReportTimestamp
    /// `nil` for an episode still open at `as_of`.
    public var endedAt: ReportTimestamp?
    public var outcome: EpisodeOutcome
    /// End − first customer message; for an open episode, `as_of` − first customer message.
    public var wait: TenthsOfSecond
    /// User source id, `bot:<id>` or `unassigned`.
    public var responsibleAtCrossing: String

    public init(
        dialog: String,
        channel: String,
        level: BreachLevel,
        episodeStartedAt: ReportTimestamp,
        crossedAt: ReportTimestamp,
        endedAt: ReportTimestamp?,
        outcome: EpisodeOutcome,
        wait: TenthsOfSecond,
        responsibleAtCrossing: String
    ) {
        self.dialog = dialog
        self.channel = channel
        self.level = level
        self.episodeStartedAt = episodeStartedAt
        self.crossedAt = crossedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.wait = wait
        self.responsibleAtCrossing = responsibleAtCrossing
    }

    public var cells: [String] {
        [
            dialog, channel, level.rawValue, episodeStartedAt.description, crossedAt.description, endedAt.cell,
            outcome.rawValue, wait.description, responsibleAtCrossing,
        ]
    }
}

/// One row of `daily.csv`: episodes of one channel whose first customer message falls on one
/// local date.
public struct DailyRow: Sendable, Hashable {
    public static let header = [
        "date", "channel", "episodes", "reply_median_s", "reply_p90_s", "reached_warning", "reached_overdue",
    ]

    public var date: LocalDate
    /// The channel's source id.
    public var channel: String
    public var episodes: Int
    public var replyMedian: TenthsOfSecond?
    public var replyP90: TenthsOfSecond?
    public var reachedWarning: Int
    public var reachedOverdue: Int

    public init(
        date: LocalDate,
        channel: String,
        episodes: Int,
        replyMedian: TenthsOfSecond?,
        replyP90: TenthsOfSecond?,
        reachedWarning: Int,
        reachedOverdue: Int
    ) {
        self.date = date
        self.channel = channel
        self.episodes = episodes
        self.replyMedian = replyMedian
        self.replyP90 = replyP90
        self.reachedWarning = reachedWarning
        self.reachedOverdue = reachedOverdue
    }

    public var cells: [String] {
        [
            date.description, channel, String(episodes), replyMedian.cell, replyP90.cell, String(reachedWarning),
            String(reachedOverdue),
        ]
    }
}

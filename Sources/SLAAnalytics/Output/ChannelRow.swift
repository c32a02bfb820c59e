/// One row of `channels.csv`.
public struct ChannelRow: Sendable, Hashable {
    public static let header = [
        "channel", "dialogs", "episodes", "answered", "closed_unanswered", "open", "frt_median_s", "frt_p90_s",
        "reply_median_s", "reply_p90_s", "reached_warning", "reached_overdue", "warning_rate", "overdue_rate",
        "resolution_median_s", "auto_closed", "warning_s", "processing_s",
    ]

    /// The channel's source id.
    public var channel: String
    /// Dialogs opened in the period.
    public var dialogs: Int
    /// Episodes whose first customer message is in the period, by outcome below.
    public var episodes: Int
    public var answered: Int
    public var closedUnanswered: Int
    public var open: Int
    public var firstResponseMedian: TenthsOfSecond?
    public var firstResponseP90: TenthsOfSecond?
    public var replyMedian: TenthsOfSecond?
    public var replyP90: TenthsOfSecond?
    public var reachedWarning: Int
    public var reachedOverdue: Int
    /// Over episodes; `nil` without episodes.
    public var warningRate: Rate?
    public var overdueRate: Rate?
    public var resolutionMedian: TenthsOfSecond?
    public var autoClosed: Int
    /// Limits in effect at min(`as_of`, period end); `nil` when none (processing is then `nil` too).
    public var warningSeconds: Int64?
    public var processingSeconds: Int64?

    /// The CSV cells in header order; an empty string where the figure does not exist.

    public init(
        channel: String,
        dialogs: Int,
        episodes: Int,
        answered: Int,
        closedUnanswered: Int,
        open: Int,
        firstResponseMedian: TenthsOfSecond?,
        firstResponseP90: TenthsOfSecond?,
        replyMedian: TenthsOfSecond?,
        replyP90: TenthsOfSecond?,
        reachedWarning: Int,
        reachedOverdue: Int,
        warningRate: Rate?,
        overdueRate: Rate?,
        resolutionMedian: TenthsOfSecond?,
        autoClosed: Int,
        warningSeconds: Int64?,
        processingSeconds: Int64?
    ) {
        self.channel = channel
        self.dialogs = dialogs
        self.episodes = episodes
        self.answered = answered
        self.closedUnanswered = closedUnanswered
        self.open = open
        self.firstResponseMedian = firstResponseMedian
        self.firstResponseP90 = firstResponseP90
        self.replyMedian = replyMedian
        self.replyP90 = replyP90
        self.reachedWarning = reachedWarning
        self.reachedOverdue = reachedOverdue
        self.warningRate = warningRate
        self.overdueRate = overdueRate
        self.resolutionMedian = resolutionMedian
        self.autoClosed = autoClosed
        self.warningSeconds = warningSeconds
        self.processingSeconds = processingSeconds
    }

    public var cells: [String] {
        [
            channel, String(dialogs), String(episodes), String(answered), String(closedUnanswered), String(open),
            firstResponseMedian.cell, firstResponseP90.cell, replyMedian.cell, replyP90.cell, String(reachedWarning),
            String(reachedOverdue), warningRate.cell, overdueRate.cell, resolutionMedian.cell, String(autoClosed),
            warningSeconds.cell, processingSeconds.cell,
        ]
    }
}

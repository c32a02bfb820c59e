import ChatDomain

/// One row of `managers.csv`: the workload of one user known by `as_of`.
public struct ManagerRow: Sendable, Hashable {
    public static let header = [
        "user", "name", "became_responsible", "dialogs_active", "messages_sent", "episodes_answered",
        "reply_median_s", "reply_p90_s", "reached_warning", "reached_overdue", "reassigned_away", "dialogs_closed",
        "peak_open_dialogs", "orders", "revenue",
    ]

    /// The user's source id.
    public var user: String
    public var name: String
    /// Assignments in the period that made it responsible (re-assigning the same user excluded).
    public var becameResponsible: Int
    /// Dialogs in which it sent at least one message (failed ones included) in the period.
    public var dialogsActive: Int
    /// Messages it sent in the period, failed ones included.
    public var messagesSent: Int
    /// Episodes of the period answered by one of its messages.
    public var episodesAnswered: Int
    public var replyMedian: TenthsOfSecond?
    public var replyP90: TenthsOfSecond?
    /// Episodes of the period whose warning (overdue) crossing is attributed to it.
    public var reachedWarning: Int
    public var reachedOverdue: Int
    /// Assignments in the period that moved the responsibility from it to someone else or nobody.
    public var reassignedAway: Int
    /// Distinct dialogs it closed in the period.
    public var dialogsClosed: Int
    public var peakOpenDialogs: Int
    /// Chat orders it created in the period (cancelled included) and their revenue (cancelled excluded).
    public var orders: Int
    public var revenue: Money

    public init(
        user: String,
        name: String,
        becameResponsible: Int,
        dialogsActive: Int,
        messagesSent: Int,
        episodesAnswered: Int,
        replyMedian: TenthsOfSecond?,
        replyP90: TenthsOfSecond?,
        reachedWarning: Int,
        reachedOverdue: Int,
        reassignedAway: Int,
        dialogsClosed: Int,
        peakOpenDialogs: Int,
        orders: Int,
        revenue: Money
    ) {
        self.user = user
        self.name = name
        self.becameResponsible = becameResponsible
        self.dialogsActive = dialogsActive
        self.messagesSent = messagesSent
        self.episodesAnswered = episodesAnswered
        self.replyMedian = replyMedian
        self.replyP90 = replyP90
        self.reachedWarning = reachedWarning
        self.reachedOverdue = reachedOverdue
        self.reassignedAway = reassignedAway
        self.dialogsClosed = dialogsClosed
        self.peakOpenDialogs = peakOpenDialogs
        self.orders = orders
        self.revenue = revenue
    }

    public var cells: [String] {
        [
            user, name, String(becameResponsible), String(dialogsActive), String(messagesSent),
            String(episodesAnswered), replyMedian.cell, replyP90.cell, String(reachedWarning), String(reachedOverdue),
            String(reassignedAway), String(dialogsClosed), String(peakOpenDialogs), String(orders),
            revenue.description,
        ]
    }
}

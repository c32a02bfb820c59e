/// The values the page template reads, every one already formatted as text.
///
/// Mustache looks a missing or `nil` name up in the enclosing objects, so these types hold no
/// optionals: presence is a `Bool` (`has…`), and field names differ between nesting levels.
struct PageModel {
    /// Something a person reads by name (a channel, store, user or bot), with the id the CSV
    /// files use beside it in small type when the two differ.
    struct Named {
        var name: String
        var id: String
        var showsID: Bool
    }

    /// A figure's change against the previous period: `▲ 2.1 pt`, toned by whether it is better.
    struct Change {
        var changeText: String
        /// `better`, `worse` or `same` (a CSS class).
        var tone: String
        /// The previous period's figure, for the tooltip and the tiles.
        var previousText: String
    }

    struct KeyFigure {
        var label: String
        var value: String
        var detail: String
        var hasChange: Bool
        var change: Change
    }

    struct LimitLine {
        var limitChannel: Named
        var warningLimit: String
        var processingLimit: String
        /// **[ext]** The channel's business hours, or "round the clock".
        var businessHours: String
    }

    struct RateCell {
        var count: String
        var percent: String
        var barWidth: String
        var hasRate: Bool
    }

    struct ChannelLine {
        var channel: Named
        var dialogs: String
        var episodes: String
        var answered: String
        var closedUnanswered: String
        var openEpisodes: String
        var frtMedian: String
        var frtMedianExact: String
        var frtP90: String
        var frtP90Exact: String
        var replyMedian: String
        var replyMedianExact: String
        var replyP90: String
        var replyP90Exact: String
        var warning: RateCell
        var overdue: RateCell
        var warningLimitText: String
        var processingLimitText: String
        var resolutionMedian: String
        var resolutionMedianExact: String
        var autoClosed: String
        var hasPrevious: Bool
        var episodesChange: Change
        var warningChange: Change
        var overdueChange: Change
        var replyChange: Change
    }

    struct DayLine {
        var day: String
        var dayEpisodes: String
        var dayWarning: String
        var dayOverdue: String
        var dayWarningShare: String
    }

    struct ManagerLine {
        var manager: Named
        var becameResponsible: String
        var dialogsActive: String
        var messagesSent: String
        var episodesAnswered: String
        var managerReplyMedian: String
        var managerReplyMedianExact: String
        var managerReplyP90: String
        var managerReplyP90Exact: String
        var managerWarning: String
        var managerOverdue: String
        var reassignedAway: String
        var dialogsClosed: String
        var peakOpenDialogs: String
        var managerOrders: String
        var managerRevenue: String
    }

    struct ConversionLine {
        var conversionChannel: Named
        var conversionStore: Named
        var conversionResponsible: Named
        var cohortDialogs: String
        var convertedDialogs: String
        var conversion: RateCell
        var conversionOrders: String
        var revenue: String
        var paidRevenue: String
        var averageOrderValue: String
        var timeToOrder: String
        var timeToOrderExact: String
    }

    /// One line of a conversion summary (per channel or per responsible): sums only, as medians
    /// and averages do not add up.
    struct ConversionSummaryLine {
        var group: Named
        var cohortDialogs: String
        var convertedDialogs: String
        var conversion: RateCell
        var conversionOrders: String
        var revenue: String
        var paidRevenue: String
    }

    struct BreachLine {
        var rank: String
        var dialog: String
        var level: String
        var isOverdue: Bool
        var startedAt: String
        var startedAtExact: String
        var crossedAt: String
        var crossedAtExact: String
        var endedAt: String
        var endedAtExact: String
        var outcome: String
        var wait: String
        var waitExact: String
        var responsible: Named
    }

    /// The worst breaches of one channel.
    struct BreachGroup {
        var breachChannel: Named
        var breachCount: String
        var shownNote: String
        var breachLines: [BreachLine]
    }

    var title: String
    var from: String
    var to: String
    var timeZone: String
    var asOf: String
    var lastEventAt: String
    var eventCount: String
    var hasGeneratedAt: Bool
    var generatedAt: String
    var hasChannelFilter: Bool
    var channelFilter: String
    var hasPreviousPeriod: Bool
    var previousPeriod: String
    var hasCurrency: Bool
    var currency: String
    var clockStart: String
    var clockStartMeaning: String
    var botRepliesStopClock: String

    var keyFigures: [KeyFigure]
    var limits: [LimitLine]
    var hasLimits: Bool
    var usesBusinessHours: Bool

    var channels: [ChannelLine]
    var hasChannels: Bool
    var levelsNote: String
    var waitCharts: [WaitShareChart]
    var hasWaitCharts: Bool

    var chart: DailyTrendChart
    var days: [DayLine]
    var hasDays: Bool

    var managers: [ManagerLine]
    var hasManagers: Bool
    var hasActiveManagers: Bool
    var managerTotal: ManagerLine
    var inactiveManagers: [Named]
    var hasInactiveManagers: Bool
    var inactiveCount: String
    var revenueNote: String

    var conversions: [ConversionLine]
    var hasConversions: Bool
    var conversionTotal: ConversionSummaryLine
    var conversionByChannel: [ConversionSummaryLine]
    var conversionByResponsible: [ConversionSummaryLine]
    var conversionRowCount: String

    var breachGroups: [BreachGroup]
    var hasBreaches: Bool
    var breachSummary: String
}

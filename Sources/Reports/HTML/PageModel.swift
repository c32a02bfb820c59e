/// The values the page template reads, every one already formatted as text.
///
/// Mustache looks a missing or `nil` name up in the enclosing objects, so these types hold no
/// optionals: presence is a `Bool` (`has…`), and field names differ between nesting levels.
struct PageModel {
    struct KeyFigure {
        var label: String
        var value: String
        var detail: String
    }

    struct LimitLine {
        var limitChannel: String
        var limitChannelName: String
        var hasLimitChannelName: Bool
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
        var channelID: String
        var channelName: String
        var hasChannelName: Bool
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
    }

    struct DayLine {
        var day: String
        var dayEpisodes: String
        var dayWarning: String
        var dayOverdue: String
        var dayWarningShare: String
    }

    struct ManagerLine {
        var userID: String
        var userName: String
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
        var conversionChannel: String
        var conversionStore: String
        var conversionResponsible: String
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

    struct BreachLine {
        var rank: String
        var dialog: String
        var breachChannel: String
        var level: String
        var isOverdue: Bool
        var startedAt: String
        var crossedAt: String
        var endedAt: String
        var outcome: String
        var wait: String
        var waitExact: String
        var responsible: String
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
    var clockStart: String
    var clockStartMeaning: String
    var botRepliesStopClock: String

    var keyFigures: [KeyFigure]
    var limits: [LimitLine]
    var hasLimits: Bool
    var usesBusinessHours: Bool

    var channels: [ChannelLine]
    var hasChannels: Bool
    var waitCharts: [WaitShareChart]
    var hasWaitCharts: Bool

    var chart: DailyTrendChart
    var days: [DayLine]
    var hasDays: Bool

    var managers: [ManagerLine]
    var hasManagers: Bool

    var conversions: [ConversionLine]
    var hasConversions: Bool
    var conversionTotal: ConversionLine

    var worstBreaches: [BreachLine]
    var hasBreaches: Bool
    var breachSummary: String
}

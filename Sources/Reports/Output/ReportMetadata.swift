import ChatDomain
import Foundation
import SLAAnalytics

/// What the HTML page states about a report besides its tables: the period, the `as_of`
/// instant, the data watermark and the settings used.
///
/// Nothing here is read from the clock: a page rendered twice from the same report and
/// metadata is byte-for-byte the same.
///
/// ```swift
/// let metadata = ReportMetadata(configuration: configuration, watermark: watermark)
/// try ReportWriter().write(report: report, metadata: metadata, to: folder)
/// ```
public struct ReportMetadata: Sendable, Hashable {
    /// The page title.
    public var title: String
    /// First local date of the period (inclusive).
    public var from: LocalDate
    /// Last local date of the period (inclusive).
    public var to: LocalDate
    /// The IANA name of the report's time zone (`Europe/Madrid`).
    public var timeZoneIdentifier: String
    /// The report's `as_of` instant in its time zone.
    public var asOf: ReportTimestamp
    /// How far the stored data reaches.
    public var watermark: DataWatermark
    /// The `clock_start` policy in effect at `as_of` or the period's end, whichever is earlier.
    public var clockStart: PolicySetting.ClockStart
    /// The `bot_replies_stop_clock` policy, taken at the same instant.
    public var botRepliesStopClock: Bool
    /// The `--channel` filter, sorted; `nil` when every channel is reported.
    public var channelFilter: [String]?
    /// Channel names by source id, shown beside the ids; a channel missing here shows its id only.
    public var channelNames: [String: String]
    /// When the report was generated, if the caller wants it on the page.
    public var generatedAt: ReportTimestamp?
    /// Business hours **[ext]** per channel source id, as "settings used" shows them, taken at
    /// the same instant as the limits; a channel missing here runs round the clock.
    public var businessHours: [String: String] = [:]
    /// Whether any business hours are in the history the report saw: the page then says that
    /// breach times count working hours.
    public var usesBusinessHours = false
    /// Store names by source id.
    public var storeNames: [String: String] = [:]
    /// Names of responsibles as the CSV files write them: a user's source id, `bot:<id>`.
    public var responsibleNames: [String: String] = [:]
    /// An ISO 4217 code shown beside money on the page (`report --currency`); CSV figures stay
    /// plain numbers.
    public var currency: String?
    /// The period before, for the page's changes (`report --compare previous`).
    public var previous: PreviousPeriod?

    /// The figures of the period of equal length before the report's, read as of the same instant.
    public struct PreviousPeriod: Sendable, Hashable {
        public var from: LocalDate
        public var to: LocalDate
        public var report: SLAReport

        public init(from: LocalDate, to: LocalDate, report: SLAReport) {
            self.from = from
            self.to = to
            self.report = report
        }
    }

    public init(
        title: String = "Chat SLA report",
        from: LocalDate,
        to: LocalDate,
        timeZoneIdentifier: String,
        asOf: ReportTimestamp,
        watermark: DataWatermark,
        clockStart: PolicySetting.ClockStart,
        botRepliesStopClock: Bool,
        channelFilter: [String]? = nil,
        channelNames: [String: String] = [:],
        generatedAt: ReportTimestamp? = nil
    ) {
        self.title = title
        self.from = from
        self.to = to
        self.timeZoneIdentifier = timeZoneIdentifier
        self.asOf = asOf
        self.watermark = watermark
        self.clockStart = clockStart
        self.botRepliesStopClock = botRepliesStopClock
        self.channelFilter = channelFilter
        self.channelNames = channelNames
        self.generatedAt = generatedAt
    }

    /// Takes the period, time zone, `as_of`, channel filter, channel names and reported policy
    /// from the configuration the report was computed with.
    /// - Parameters:
    ///   - configuration: The report's configuration.
    ///   - watermark: How far the stored data reaches.
    ///   - generatedAt: When the report was generated, if it should be on the page.
    public init(
        configuration: ReportConfiguration,
        watermark: DataWatermark,
        generatedAt: ReportTimestamp? = nil
    ) {
        let parameters = configuration.parameters
        let policy = configuration.reportedPolicy
        self.init(
            from: parameters.from,
            to: parameters.to,
            timeZoneIdentifier: parameters.timeZone.identifier,
            asOf: ReportTimestamp(instant: parameters.asOf, timeZone: parameters.timeZone.foundation),
            watermark: watermark,
            clockStart: policy.clockStart,
            botRepliesStopClock: policy.botRepliesStopClock,
            channelFilter: parameters.channelFilter.map { $0.sorted() },
            channelNames: Dictionary(
                configuration.channels.map { ($0.sourceID, $0.name) },
                uniquingKeysWith: { first, _ in first }
            ),
            generatedAt: generatedAt
        )
        for (slot, channel) in configuration.channels.enumerated() {
            let (hours, source) = configuration.reportedBusinessHours(channelSlot: slot)
            businessHours[channel.sourceID] = Self.text(hours, source: source)
        }
        usesBusinessHours = configuration.usesBusinessHours
        storeNames = Dictionary(
            configuration.stores.map { ($0.sourceID, $0.name) },
            uniquingKeysWith: { first, _ in first }
        )
        responsibleNames = Dictionary(
            configuration.users.map { ($0.sourceID, $0.name) }
                + configuration.bots.map { ("bot:" + $0.sourceID, $0.name) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// `Europe/Kyiv: mon-fri 09:00-18:00; sat 10:00-15:00; holidays 2026-10-16 (default)`, or
    /// `round the clock` (with `(own)` for a channel's own `hours: null`).
    static func text(_ hours: BusinessHours?, source: ReportConfiguration.ScheduleSource) -> String {
        let suffix =
            switch source {
            case .own: " (own)"
            case .default: " (default)"
            case .none: ""
            }
        guard let hours else { return "round the clock" + suffix }
        let holidays = hours.holidays.isEmpty ? "" : "; holidays " + hours.holidays.joined(separator: ", ")
        return "\(hours.timeZone): \(hours.weekText)\(holidays)\(suffix)"
    }
}

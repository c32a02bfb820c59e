import Foundation

/// What a report covers: inclusive local dates in a time zone, the `as_of` watermark and an
/// optional channel filter.
public struct ReportParameters: Sendable {
    /// First local date of the period (inclusive).
    public var from: LocalDate
    /// Last local date of the period (inclusive).
    public var to: LocalDate
    /// The report's time zone, under the user's name for it (`NamedTimeZone("Asia/Kathmandu")`).
    public var timeZone: NamedTimeZone
    /// µs since the Unix epoch; nothing stamped later exists for the report.
    public var asOf: Int64
    /// Channel source ids to keep (`--channel`); `nil` keeps every channel.
    ///
    /// Every file is limited to these channels. In `managers.csv` every user known by `as_of`
    /// still has a row, but its figures count only facts, episodes and orders of dialogs in
    /// these channels.
    public var channelFilter: Set<String>?

    public init(
        from: LocalDate,
        to: LocalDate,
        timeZone: NamedTimeZone,
        asOf: Int64,
        channelFilter: Set<String>? = nil
    ) {
        self.from = from
        self.to = to
        self.timeZone = timeZone
        self.asOf = asOf
        self.channelFilter = channelFilter
    }
}

extension ReportParameters {
    /// The period of equal length just before this one, under the same time zone, `as_of` and
    /// channel filter: what the page compares against (`report --compare previous`).
    ///
    /// The same `as_of` means both periods are read from the same data: the previous period is
    /// what is known about it now, not what its own report said back then.
    public var previousPeriod: ReportParameters {
        let days = to.daysSinceEpoch - from.daysSinceEpoch + 1
        return ReportParameters(
            from: from.adding(days: -days),
            to: from.adding(days: -1),
            timeZone: timeZone,
            asOf: asOf,
            channelFilter: channelFilter
        )
    }
}

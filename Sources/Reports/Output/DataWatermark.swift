import SLAAnalytics

/// How far the stored data reaches: what the report could see when it was computed.
///
/// ```swift
/// let watermark = DataWatermark(
///     lastEventAt: ReportTimestamp(instant: 1_772_409_600_000_000, utcOffsetSeconds: 0),
///     eventCount: 48_213)
/// ```
public struct DataWatermark: Sendable, Hashable {
    /// The instant of the latest ingested event, in the report's time zone; `nil` with no events.
    public var lastEventAt: ReportTimestamp?
    /// How many events were ingested (accepted) in total.
    public var eventCount: Int

    public init(lastEventAt: ReportTimestamp?, eventCount: Int) {
        self.lastEventAt = lastEventAt
        self.eventCount = eventCount
    }
}

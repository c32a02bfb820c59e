import ChatDomain

/// One entry of the business-hours history **[ext]**: the schedule of one channel (or the default
/// for all channels) from the instant it took effect.
public struct ScheduleSetting: Sendable, Hashable {
    /// The channel it applies to, or `nil` for the default of all channels.
    public var channel: ChannelKey?
    /// `nil`: round the clock (for a channel, whatever the default says).
    public var hours: BusinessHours?
    /// µs since the Unix epoch.
    public var effectiveAt: Int64
    /// Global ingestion sequence number; orders settings stamped at the same instant.
    public var seq: Int64

    public init(channel: ChannelKey?, hours: BusinessHours?, effectiveAt: Int64, seq: Int64) {
        self.channel = channel
        self.hours = hours
        self.effectiveAt = effectiveAt
        self.seq = seq
    }
}

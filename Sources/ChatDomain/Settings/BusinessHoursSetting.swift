/// One entry of the business-hours history **[ext]**: the schedule of a channel (or the default)
/// from an instant on.
public struct BusinessHoursSetting: Hashable, Sendable {
    /// `nil`: the default for all channels.
    public var channel: ChannelID?
    /// `nil`: round the clock from `effectiveAt` on (for a channel, whatever the default says).
    public var hours: BusinessHours?
    public var effectiveAt: Int64
    public var by: EventActor

    public init(channel: ChannelID?, hours: BusinessHours?, effectiveAt: Int64, by: EventActor) {
        self.channel = channel
        self.hours = hours
        self.effectiveAt = effectiveAt
        self.by = by
    }
}

import ChatDomain

/// One business-hours setting **[ext]** as an administrator reads it.
public struct BusinessHoursEntry: ChannelScopedEntry {
    /// The channel's source id; `nil` for the default of all channels.
    public var channel: String?
    /// `nil`: round the clock.
    public var hours: BusinessHours?
    /// µs since the Unix epoch.
    public var effectiveAt: Int64
    /// The user's source id.
    public var setBy: String?

    public init(channel: String?, hours: BusinessHours?, effectiveAt: Int64, setBy: String?) {
        self.channel = channel
        self.hours = hours
        self.effectiveAt = effectiveAt
        self.setBy = setBy
    }
}

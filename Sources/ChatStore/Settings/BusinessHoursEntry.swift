import ChatDomain

/// One business-hours setting **[ext]** as an administrator reads it.
public struct BusinessHoursEntry: Sendable, Hashable {
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

/// The business hours of one channel at an instant: its own setting, else the default's.
public struct ChannelBusinessHours: Sendable, Hashable {
    /// The channel's source id; `nil` for the default row.
    public var channel: String?
    public var channelName: String
    /// The setting that applies (the channel's own or the default's); `nil` when none: round the clock.
    public var setting: BusinessHoursEntry?
    /// Whether `setting` is the default's (the channel has none of its own).
    public var inheritsDefault: Bool
}

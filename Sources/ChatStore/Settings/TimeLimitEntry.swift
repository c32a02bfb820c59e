/// One time-limit setting as an administrator reads it.
public struct TimeLimitEntry: ChannelScopedEntry {
    /// The channel's source id; `nil` for the default of all channels.
    public var channel: String?
    public var warningSeconds: Int64?
    public var processingSeconds: Int64
    /// µs since the Unix epoch.
    public var effectiveAt: Int64
    /// The user's source id.
    public var setBy: String?

    public init(channel: String?, warningSeconds: Int64?, processingSeconds: Int64, effectiveAt: Int64, setBy: String?)
    {
        self.channel = channel
        self.warningSeconds = warningSeconds
        self.processingSeconds = processingSeconds
        self.effectiveAt = effectiveAt
        self.setBy = setBy
    }
}

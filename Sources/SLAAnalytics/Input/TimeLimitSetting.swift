/// One entry of the time-limit history: the limits for one channel (or the default for all
/// channels) from the instant it took effect.
public struct TimeLimitSetting: Sendable, Hashable {
    /// The channel it applies to, or `nil` for the default of all channels.
    public var channel: ChannelKey?
    /// Seconds after which an unanswered episode reaches `warning`; `nil` when unset.
    public var warningSeconds: Int64?
    /// Seconds after which an unanswered episode reaches `overdue`.
    public var processingSeconds: Int64
    /// µs since the Unix epoch.
    public var effectiveAt: Int64
    /// Global ingestion sequence number; orders settings stamped at the same instant.
    public var seq: Int64

    public init(channel: ChannelKey?, warningSeconds: Int64?, processingSeconds: Int64, effectiveAt: Int64, seq: Int64)
    {
        self.channel = channel
        self.warningSeconds = warningSeconds
        self.processingSeconds = processingSeconds
        self.effectiveAt = effectiveAt
        self.seq = seq
    }
}

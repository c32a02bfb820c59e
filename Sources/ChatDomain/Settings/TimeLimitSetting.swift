/// One entry of the time-limit history: the limits of a channel (or the default for all
/// channels) from the instant it took effect.
///
/// One type for the whole engine, over the channel's identifier: the rules record
/// `TimeLimitSetting<ChannelID>` (the source's channel id, in ``Fact/timeLimitSet(_:by:)``),
/// a report reads `TimeLimitSetting<ChannelKey>` (the database's dense key).
///
/// ```swift
/// TimeLimitSetting<ChannelID>(channel: nil, warningSeconds: 300, processingSeconds: 900, effectiveAt: 0, seq: 1)
/// ```
public struct TimeLimitSetting<Channel: Hashable & Sendable>: Hashable, Sendable {
    /// The channel it applies to, or `nil` for the default of all channels.
    public var channel: Channel?
    /// Seconds after which an unanswered episode reaches `warning`; `nil` when unset.
    public var warningSeconds: Int64?
    /// Seconds after which an unanswered episode reaches `overdue`.
    public var processingSeconds: Int64
    /// µs since the Unix epoch.
    public var effectiveAt: Int64
    /// Global ingestion sequence number; orders settings stamped at the same instant.
    public var seq: Int64

    public init(channel: Channel?, warningSeconds: Int64?, processingSeconds: Int64, effectiveAt: Int64, seq: Int64) {
        self.channel = channel
        self.warningSeconds = warningSeconds
        self.processingSeconds = processingSeconds
        self.effectiveAt = effectiveAt
        self.seq = seq
    }
}

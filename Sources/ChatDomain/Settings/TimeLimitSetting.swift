/// One entry of the time-limit history: the limits of a channel (or the default) from an instant on.
public struct TimeLimitSetting: Hashable, Sendable {
    /// `nil`: the default for all channels.
    public var channel: ChannelID?
    public var warningSeconds: Int64?
    public var processingSeconds: Int64
    public var effectiveAt: Int64
    public var by: EventActor

    public init(
        channel: ChannelID?,
        warningSeconds: Int64?,
        processingSeconds: Int64,
        effectiveAt: Int64,
        by: EventActor
    ) {
        self.channel = channel
        self.warningSeconds = warningSeconds
        self.processingSeconds = processingSeconds
        self.effectiveAt = effectiveAt
        self.by = by
    }
}

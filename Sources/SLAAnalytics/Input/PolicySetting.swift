/// One entry of the SLA policy history (`clock_start`, `bot_replies_stop_clock`).
///
/// Before the first entry the defaults hold: ``ClockStart/lastCustomerMessage`` and bot replies
/// do not stop the clock.
public struct PolicySetting: Sendable, Hashable {
    /// Where the SLA clock of an episode counts from.
    public enum ClockStart: String, Sendable, Hashable {
        /// The latest customer message at or before the instant (the default).
        case lastCustomerMessage = "last_customer_message"
        /// The episode's first customer message.
        case firstUnanswered = "first_unanswered"
    }

    public var clockStart: ClockStart
    public var botRepliesStopClock: Bool
    /// µs since the Unix epoch.
    public var effectiveAt: Int64
    public var seq: Int64

    public init(clockStart: ClockStart, botRepliesStopClock: Bool, effectiveAt: Int64, seq: Int64) {
        self.clockStart = clockStart
        self.botRepliesStopClock = botRepliesStopClock
        self.effectiveAt = effectiveAt
        self.seq = seq
    }
}

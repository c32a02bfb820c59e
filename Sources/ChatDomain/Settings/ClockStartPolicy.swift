/// Where the SLA clock of a waiting episode starts (stored in chat settings; used by analytics).
public enum ClockStartPolicy: String, CaseIterable, Hashable, Sendable {
    /// The latest customer message at or before the instant (the default).
    case lastCustomerMessage = "last_customer_message"
    /// The episode's first customer message.
    case firstUnanswered = "first_unanswered"
}

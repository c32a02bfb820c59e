/// How a waiting episode ended, or that it had not by `as_of`.
public enum EpisodeOutcome: String, Sendable, Hashable {
    case answered
    case closedUnanswered = "closed_unanswered"
    case open
}

/// The kind of a message's sender.
public enum SenderKind: String, CaseIterable, Hashable, Sendable {
    case customer
    case user
    case bot
    case system
}

/// Who wrote a message. `customer` carries the contact that wrote it (a group thread may have several).
public enum MessageSender: Hashable, Sendable {
    case customer(ContactID)
    case user(UserID)
    case bot(BotID)
    case system

    /// The sender without its id, as kept in state.
    public var kind: SenderKind {
        switch self {
        case .customer: .customer
        case .user: .user
        case .bot: .bot
        case .system: .system
        }
    }
}

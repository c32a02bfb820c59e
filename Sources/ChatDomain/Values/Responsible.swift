/// Who a dialog belongs to: a user, a bot, or nobody (unassigned).
public enum Responsible: Hashable, Sendable {
    case user(UserID)
    case bot(BotID)
    case none

    /// The responsible user, when it is one.
    public var user: UserID? {
        if case .user(let id) = self { return id }
        return nil
    }

    /// A user id, `bot:<id>` or `unassigned`, the way reports write a responsible.
    public var label: String {
        switch self {
        case .user(let id): id.rawValue
        case .bot(let id): "bot:\(id.rawValue)"
        case .none: "unassigned"
        }
    }
}

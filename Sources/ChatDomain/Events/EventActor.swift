/// Who did something: written `{"user": "u1"}`, `{"bot": "b1"}` or `{"system": true}` in events.
public enum EventActor: Hashable, Sendable {
    case user(UserID)
    case bot(BotID)
    case system

    /// `u1`, `bot:b1` or `system`, the way reports write an actor.
    public var label: String {
        switch self {
        case .user(let id): id.rawValue
        case .bot(let id): "bot:\(id.rawValue)"
        case .system: "system"
        }
    }
}

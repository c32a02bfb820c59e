/// Who did something: a user, a bot, or the system (an automatic close, a default assignment).
public enum ActingParty: Sendable, Hashable {
    case user(UserKey)
    case bot(BotKey)
    case system
}

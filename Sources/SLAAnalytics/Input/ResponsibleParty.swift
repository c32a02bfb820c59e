/// Who a dialog is assigned to: a user, a bot, or nobody.
public enum ResponsibleParty: Sendable, Hashable {
    case user(UserKey)
    case bot(BotKey)
    case nobody

    /// The user, when the responsible is one.
    public var user: UserKey? {
        if case .user(let key) = self { return key }
        return nil
    }
}

/// A user (manager) and its chat rights.
public struct UserState: Hashable, Sendable {
    public var id: UserID
    public var name: String
    public var chatAccess: Bool
    public var admin: Bool
    public var chatAdmin: Bool
    public var active: Bool

    public init(id: UserID, name: String, chatAccess: Bool, admin: Bool, chatAdmin: Bool, active: Bool) {
        self.id = id
        self.name = name
        self.chatAccess = chatAccess
        self.admin = admin
        self.chatAdmin = chatAdmin
        self.active = active
    }

    /// Active, and with chat access, admin rights or chat-admin rights (which imply access).
    public var canUseChats: Bool { active && (chatAccess || admin || chatAdmin) }

    /// Admins and chat admins see and act on every dialog and change chat settings.
    public var seesAllDialogs: Bool { admin || chatAdmin }
}

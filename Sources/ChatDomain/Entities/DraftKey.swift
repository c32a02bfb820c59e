/// A draft's identity: one per (dialog, user).
public struct DraftKey: Hashable, Sendable {
    public var dialog: DialogID
    public var user: UserID

    public init(dialog: DialogID, user: UserID) {
        self.dialog = dialog
        self.user = user
    }
}

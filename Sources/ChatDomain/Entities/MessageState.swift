/// The compact state of a message: enough for status, edit and quote checks (no text).
public struct MessageState: Hashable, Sendable {
    public var dialog: DialogID
    public var sender: SenderKind
    public var status: DeliveryStatus
    /// A send stored failed because the contact had blocked the bot (`failure_reason =
    /// 'bot_blocked'`): it never reached anyone, so its status is final and it never counts as
    /// a reply.
    public var blockedByContact: Bool

    public init(dialog: DialogID, sender: SenderKind, status: DeliveryStatus, blockedByContact: Bool = false) {
        self.dialog = dialog
        self.sender = sender
        self.status = status
        self.blockedByContact = blockedByContact
    }
}

/// The compact state of a message: enough for status, edit and quote checks (no text).
public struct MessageState: Hashable, Sendable {
    public var dialog: DialogID
    public var sender: SenderKind
    public var status: DeliveryStatus

    public init(dialog: DialogID, sender: SenderKind, status: DeliveryStatus) {
        self.dialog = dialog
        self.sender = sender
        self.status = status
    }
}

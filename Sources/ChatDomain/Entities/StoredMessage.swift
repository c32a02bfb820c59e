/// A message as it must be stored: a row of the messages table.
public struct StoredMessage: Hashable, Sendable {
    public var message: MessageID
    public var dialog: DialogID
    public var sender: MessageSender
    public var text: String?
    public var attachments: [MessageAttachment]
    public var quote: MessageID?
    /// The quick reply a `message.sent` used, if any (its text is already rendered into `text`).
    public var quickReply: QuickReplyID?
    public var createdAt: Int64
    /// `queued` for outgoing sends, `delivered` for customer messages, `failed` for sends to a blocked bot.
    public var status: DeliveryStatus
    /// `bot_blocked` for a failed send to a contact that blocked the bot.
    public var failureReason: String?

    public init(
        message: MessageID,
        dialog: DialogID,
        sender: MessageSender,
        text: String?,
        attachments: [MessageAttachment] = [],
        quote: MessageID? = nil,
        quickReply: QuickReplyID? = nil,
        createdAt: Int64,
        status: DeliveryStatus,
        failureReason: String? = nil
    ) {
        self.message = message
        self.dialog = dialog
        self.sender = sender
        self.text = text
        self.attachments = attachments
        self.quote = quote
        self.quickReply = quickReply
        self.createdAt = createdAt
        self.status = status
        self.failureReason = failureReason
    }

    /// The reason stored on a send to a contact that blocked the bot.
    public static let botBlockedReason = "bot_blocked"
}

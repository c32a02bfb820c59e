/// The fields of a `message.received`, bundled for the handler.
struct IncomingMessage {
    var dialog: DialogID
    var channel: ChannelID
    var contact: ContactID
    var message: MessageID
    var text: String?
    var attachments: [MessageAttachment]
    var quote: MessageID?
}

/// The fields of a `message.sent`, bundled for the handler.
struct OutgoingMessage {
    var dialog: DialogID
    var message: MessageID
    var by: EventActor
    var text: String?
    var attachments: [MessageAttachment]
    var quote: MessageID?
    var quickReply: QuickReplyID?
}

/// The fields of an `order.created`, bundled for the handler.
struct NewOrder {
    var order: OrderID
    var number: String
    var dialog: DialogID?
    var customer: CustomerID?
    var by: EventActor
    var items: [OrderLine]
    var delivery: Delivery?
}

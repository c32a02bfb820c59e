/// The event types of SPEC §3 that the generator writes, with their wire names.
///
/// ```swift
/// GeneratedEventType.messageReceived.rawValue   // "message.received"
/// ```
public enum GeneratedEventType: String, CaseIterable, Sendable, Hashable {
    case storeUpserted = "store.upserted"
    case channelUpserted = "channel.upserted"
    case userUpserted = "user.upserted"
    case botUpserted = "bot.upserted"
    case settingsTimeLimits = "settings.time_limits"
    case settingsChats = "settings.chats"
    case customerUpserted = "customer.upserted"
    case customerMerged = "customer.merged"
    case messageReceived = "message.received"
    case privacyAccepted = "privacy.accepted"
    case messageSent = "message.sent"
    case messageStatus = "message.status"
    case messageEdited = "message.edited"
    case dialogAssigned = "dialog.assigned"
    case dialogClosed = "dialog.closed"
    case contactBlockedBot = "contact.blocked_bot"
    case dialogLinked = "dialog.linked"
    case draftSaved = "draft.saved"
    case quickReplyUpserted = "quick_reply.upserted"
    case orderCreated = "order.created"
    case orderStatus = "order.status"
    case orderPayment = "order.payment"
    case taskCreated = "task.created"
    case taskCompleted = "task.completed"
    case internalMessage = "internal.message"
    case clockTick = "clock.tick"

    /// A dense index for counting without a dictionary.
    var index: Int {
        switch self {
        case .storeUpserted: 0
        case .channelUpserted: 1
        case .userUpserted: 2
        case .botUpserted: 3
        case .settingsTimeLimits: 4
        case .settingsChats: 5
        case .customerUpserted: 6
        case .customerMerged: 7
        case .messageReceived: 8
        case .privacyAccepted: 9
        case .messageSent: 10
        case .messageStatus: 11
        case .messageEdited: 12
        case .dialogAssigned: 13
        case .dialogClosed: 14
        case .contactBlockedBot: 15
        case .dialogLinked: 16
        case .draftSaved: 17
        case .quickReplyUpserted: 18
        case .orderCreated: 19
        case .orderStatus: 20
        case .orderPayment: 21
        case .taskCreated: 22
        case .taskCompleted: 23
        case .internalMessage: 24
        case .clockTick: 25
        }
    }
}

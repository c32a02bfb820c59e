/// The typed content of an event, one case per event type of §3.
///
/// Fields that the spec allows to be `null` are optionals here; the decoder treats an omitted
/// nullable field as `null`. Ids are typed (``EntityID``), money is ``Money``, instants are
/// microseconds since the Unix epoch (UTC).
public enum EventPayload: Hashable, Sendable {
    case storeUpserted(store: StoreID, name: String)
    case channelUpserted(channel: ChannelID, name: String, kind: ChannelKind, store: StoreID?)
    case userUpserted(user: UserID, name: String, chatAccess: Bool, admin: Bool, chatAdmin: Bool, active: Bool)
    case botUpserted(bot: BotID, name: String)
    /// `processingSeconds` is optional only so the rules can reject its absence with `invalid_time_limit`.
    case timeLimits(by: EventActor, channel: ChannelID?, warningSeconds: Int64?, processingSeconds: Int64?)
    /// **[ext]** `hours`: `nil` for round the clock; else the schedule, or the
    /// `invalid_business_hours` rejection of its content for the rules to raise after the actor's rights.
    case businessHours(by: EventActor, channel: ChannelID?, hours: Result<BusinessHours, Rejection>?)
    case chatSettings(by: EventActor, patch: ChatSettingsPatch)
    case customerUpserted(
        customer: CustomerID,
        name: String?,
        phone: String?,
        email: String?,
        address: String?,
        vip: Bool,
        bad: Bool
    )
    case customerMerged(by: EventActor, customer: CustomerID, into: CustomerID)
    case messageReceived(
        dialog: DialogID,
        channel: ChannelID,
        contact: ContactID,
        message: MessageID,
        text: String?,
        attachments: [MessageAttachment],
        quote: MessageID?
    )
    case privacyAccepted(dialog: DialogID)
    case messageSent(
        dialog: DialogID,
        message: MessageID,
        by: EventActor,
        text: String?,
        attachments: [MessageAttachment],
        quote: MessageID?,
        quickReply: QuickReplyID?
    )
    case messageStatus(message: MessageID, status: DeliveryStatus, error: String?)
    case messageEdited(message: MessageID, text: String)
    case dialogAssigned(dialog: DialogID, to: Responsible, by: EventActor)
    case dialogClosed(dialog: DialogID, by: EventActor)
    case contactBlockedBot(dialog: DialogID)
    case dialogLinked(dialog: DialogID, customer: CustomerID, by: EventActor)
    case draftSaved(dialog: DialogID, by: UserID, text: String)
    case quickReplyUpserted(quickReply: QuickReplyID, by: EventActor, command: String, text: String, category: String?)
    case orderCreated(
        order: OrderID,
        number: String,
        dialog: DialogID?,
        customer: CustomerID?,
        by: EventActor,
        items: [OrderLine],
        delivery: Delivery?
    )
    case orderStatus(order: OrderID, status: String, by: EventActor)
    case orderPayment(order: OrderID, payment: PaymentID, method: String?, amount: Money, paid: Bool)
    case taskCreated(
        task: TaskID,
        by: EventActor,
        text: String,
        due: Int64?,
        responsible: UserID?,
        subject: TaskSubject?
    )
    case taskCompleted(task: TaskID, by: EventActor)
    case internalMessage(thread: DialogID, by: UserID, to: [UserID], message: MessageID, text: String)
    case clockTick

    /// The event type this payload belongs to.
    public var type: EventType {
        switch self {
        case .storeUpserted: .storeUpserted
        case .channelUpserted: .channelUpserted
        case .userUpserted: .userUpserted
        case .botUpserted: .botUpserted
        case .timeLimits: .timeLimits
        case .businessHours: .businessHours
        case .chatSettings: .chatSettings
        case .customerUpserted: .customerUpserted
        case .customerMerged: .customerMerged
        case .messageReceived: .messageReceived
        case .privacyAccepted: .privacyAccepted
        case .messageSent: .messageSent
        case .messageStatus: .messageStatus
        case .messageEdited: .messageEdited
        case .dialogAssigned: .dialogAssigned
        case .dialogClosed: .dialogClosed
        case .contactBlockedBot: .contactBlockedBot
        case .dialogLinked: .dialogLinked
        case .draftSaved: .draftSaved
        case .quickReplyUpserted: .quickReplyUpserted
        case .orderCreated: .orderCreated
        case .orderStatus: .orderStatus
        case .orderPayment: .orderPayment
        case .taskCreated: .taskCreated
        case .taskCompleted: .taskCompleted
        case .internalMessage: .internalMessage
        case .clockTick: .clockTick
        }
    }
}

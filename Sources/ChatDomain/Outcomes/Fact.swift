/// What the database must record; each case maps to rows of one or a few tables.
///
/// System messages (opening, closing, assignment) are not separate cases: `dialogOpened`,
/// `dialogClosed`, `dialogReopened` and `assigned` are those system messages, and a store
/// that wants message rows for them derives them from these facts.
public enum Fact: Hashable, Sendable {
    // Directory entities: upsert the row.
    case storeUpserted(StoreState)
    case channelUpserted(ChannelState)
    case userUpserted(UserState)
    case botUpserted(BotState)
    case customerUpserted(CustomerState)
    /// A messenger contact seen for the first time, or linked to a customer.
    case contactUpserted(ContactState)
    /// `from` is merged into `into`; the listed dialogs and orders now belong to `into`.
    case customerMerged(from: CustomerID, into: CustomerID, dialogs: [DialogID], orders: [OrderID], by: EventActor)

    // Settings histories: append a row.
    case timeLimitSet(TimeLimitSetting<ChannelID>, by: EventActor)
    case businessHoursSet(BusinessHoursSetting)
    /// The full resolved settings after a partial update.
    case chatSettingsVersion(ChatSettingsVersion)

    // Dialogs.
    /// A dialog came to be. `pendingPrivacy` dialogs stay out of SLA figures until `privacyAccepted`.
    case dialogOpened(
        dialog: DialogID,
        kind: DialogKind,
        channel: ChannelID?,
        contact: ContactID?,
        customer: CustomerID?,
        pendingPrivacy: Bool
    )
    case privacyAccepted(dialog: DialogID)
    /// The responsible changed (or was set again) from `from` to `to`.
    case assigned(dialog: DialogID, from: Responsible, to: Responsible, by: EventActor, reason: AssignmentReason)
    case dialogClosed(dialog: DialogID, cause: CloseCause)
    /// A customer message reopened a closed dialog; its responsible stays.
    case dialogReopened(dialog: DialogID, message: MessageID)
    case botBlocked(dialog: DialogID)
    case botUnblocked(dialog: DialogID)
    /// The dialog (and its contact) now belongs to `customer`.
    case dialogLinked(dialog: DialogID, customer: CustomerID, by: EventActor)

    // Messages.
    case messageStored(StoredMessage)
    case messageStatusChanged(message: MessageID, status: DeliveryStatus, error: String?)
    case messageEdited(message: MessageID, text: String)
    /// A message of an internal thread (the thread is a dialog of kind `internal`).
    case internalMessageStored(thread: DialogID, message: MessageID, by: UserID, to: [UserID], text: String)

    // Operator tools.
    case draftSaved(dialog: DialogID, user: UserID, text: String)
    case draftCleared(dialog: DialogID, user: UserID)
    case quickReplyUpserted(QuickReplyState)

    // Orders and tasks.
    /// A new order with its lines; `store` is the dialog channel's store for chat orders.
    case orderCreated(
        order: OrderID,
        number: String,
        dialog: DialogID?,
        customer: CustomerID?,
        store: StoreID?,
        by: EventActor,
        items: [OrderLine],
        delivery: Delivery?,
        total: Money
    )
    case orderStatusChanged(order: OrderID, status: String, by: EventActor)
    /// A payment was added or updated; the order's paid amount and payment status after it.
    case paymentUpserted(order: OrderID, payment: PaymentState, paidAmount: Money, paymentStatus: PaymentStatus)
    case taskCreated(TaskState)
    case taskCompleted(task: TaskID, by: EventActor)
}

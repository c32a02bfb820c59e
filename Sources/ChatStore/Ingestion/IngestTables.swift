import ChatDomain

/// Every table the ingester writes by COPY, one description each (see ``CopyTable``): the
/// columns of its statement in `queries/ingest/write.sql`, their types, and which field of the
/// row value each holds. Keys are resolved into the row value by the caller (`Ingester+Facts`,
/// `Ingester+Write`); the description only lays the fields out.
enum IngestTables {
    /// `(user, bot)` keys of a responsible or an actor.
    typealias UserOrBot = (user: Int64?, bot: Int64?)
    /// An actor as the fact tables store it: its kind and its key.
    typealias Actor = (kind: String, user: Int64?, bot: Int64?)

    // MARK: Entities, merged from their temp tables by `merge_entities`

    static let stores = CopyTable<(key: Int64, id: StoreID, store: StoreState, touch: Touch)>(
        "tmp_stores",
        .integer("store_key") { $0.key },
        .text("store_id") { $0.id.rawValue },
        .text("name") { $0.store.name },
        .timestamptz("created_at") { $0.touch.firstAt },
        .timestamptz("updated_at") { $0.touch.lastAt }
    )

    static let channels = CopyTable<(key: Int64, id: ChannelID, channel: ChannelState, store: Int64?, touch: Touch)>(
        "tmp_channels",
        .integer("channel_key") { $0.key },
        .text("channel_id") { $0.id.rawValue },
        .text("name") { $0.channel.name },
        .text("kind") { $0.channel.kind.rawValue },
        .integer("store_key") { $0.store },
        .timestamptz("created_at") { $0.touch.firstAt },
        .timestamptz("updated_at") { $0.touch.lastAt }
    )

    static let users = CopyTable<(key: Int64, id: UserID, user: UserState, touch: Touch)>(
        "tmp_users",
        .integer("user_key") { $0.key },
        .text("user_id") { $0.id.rawValue },
        .text("name") { $0.user.name },
        .boolean("chat_access") { $0.user.chatAccess },
        .boolean("admin") { $0.user.admin },
        .boolean("chat_admin") { $0.user.chatAdmin },
        .boolean("active") { $0.user.active },
        .timestamptz("created_at") { $0.touch.firstAt },
        .timestamptz("updated_at") { $0.touch.lastAt }
    )

    static let bots = CopyTable<(key: Int64, id: BotID, bot: BotState, touch: Touch)>(
        "tmp_bots",
        .integer("bot_key") { $0.key },
        .text("bot_id") { $0.id.rawValue },
        .text("name") { $0.bot.name },
        .timestamptz("created_at") { $0.touch.firstAt }
    )

    static let customers = CopyTable<
        (key: Int64, id: CustomerID, customer: CustomerState, mergedInto: Int64?, touch: Touch)
    >(
        "tmp_customers",
        .bigint("customer_key") { $0.key },
        .text("customer_id") { $0.id.rawValue },
        .text("name") { $0.customer.name },
        .text("phone") { $0.customer.phone },
        .text("email") { $0.customer.email },
        .text("address") { $0.customer.address },
        .boolean("vip") { $0.customer.vip },
        .boolean("bad") { $0.customer.bad },
        .bigint("merged_into") { $0.mergedInto },
        .timestamptz("created_at") { $0.touch.firstAt },
        .timestamptz("updated_at") { $0.touch.lastAt }
    )

    static let contacts = CopyTable<(key: Int64, channel: Int64, id: ContactKey, customer: Int64?, touch: Touch)>(
        "tmp_contacts",
        .bigint("contact_key") { $0.key },
        .integer("channel_key") { $0.channel },
        .text("contact_id") { $0.id.contact.rawValue },
        .bigint("customer_key") { $0.customer },
        .timestamptz("first_seen_at") { $0.touch.firstAt }
    )

    static let quickReplies = CopyTable<
        (key: Int64, id: QuickReplyID, reply: QuickReplyState, by: Int64?, touch: Touch)
    >(
        "tmp_quick_replies",
        .integer("quick_reply_key") { $0.key },
        .text("quick_reply_id") { $0.id.rawValue },
        .text("command") { $0.reply.command },
        .text("text") { $0.reply.text },
        .text("category") { $0.reply.category },
        .integer("updated_by_user_key") { $0.by },
        .timestamptz("updated_at") { $0.touch.lastAt }
    )

    /// A dialog's current row; `closedAt` is the last close (the batch's last touch when the
    /// state has none), `createdSeq` the seq of the batch's first fact about it.
    typealias DialogRow = (
        key: Int64, id: DialogID, dialog: DialogState, channel: Int64?, contact: Int64?, customer: Int64?,
        responsible: UserOrBot, closedAt: Int64?, createdSeq: Int64, formerResponsibles: [Int64]
    )

    static let dialogs = CopyTable<DialogRow>(
        "tmp_dialogs",
        .bigint("dialog_key") { $0.key },
        .text("dialog_id") { $0.id.rawValue },
        .text("kind") { $0.dialog.kind.rawValue },
        .integer("channel_key") { $0.channel },
        .bigint("contact_key") { $0.contact },
        .bigint("customer_key") { $0.customer },
        .text("status") { $0.dialog.isOpen ? "open" : "closed" },
        .text("privacy") { privacyText($0.dialog.privacy) },
        .timestamptz("privacy_accepted_at") { acceptedAt($0.dialog.privacy) },
        .integer("responsible_user_key") { $0.responsible.user },
        .integer("responsible_bot_key") { $0.responsible.bot },
        .timestamptz("opened_at") { $0.dialog.openedAt },
        .timestamptz("closed_at") { $0.closedAt },
        .timestamptz("last_activity_at") { $0.dialog.lastActivityAt },
        .bigint("created_seq") { $0.createdSeq },
        .boolean("bot_blocked") { $0.dialog.botBlocked },
        .integer("unread_count") { Int64($0.dialog.unreadCount) },
        .integerArray("former_responsible_user_keys") { $0.formerResponsibles }
    )

    /// `dialogs.privacy`.
    static func privacyText(_ privacy: PrivacyState) -> String {
        switch privacy {
        case .notRequired: "none"
        case .pending: "pending"
        case .accepted: "accepted"
        }
    }

    /// `dialogs.privacy_accepted_at`.
    static func acceptedAt(_ privacy: PrivacyState) -> Int64? {
        if case .accepted(let at) = privacy { at } else { nil }
    }

    static let participants = CopyTable<(dialog: Int64, user: Int64)>(
        "tmp_participants",
        .bigint("dialog_key") { $0.dialog },
        .integer("user_key") { $0.user }
    )

    // MARK: Current values of older rows, merged by `merge_dependents`

    /// A NULL status means the batch only edited the message.
    static let messageUpdates = CopyTable<(key: Int64, update: MessageUpdate)>(
        "tmp_message_updates",
        .bigint("message_key") { $0.key },
        .text("status") { $0.update.status?.rawValue },
        .text("failure_reason") { $0.update.failureReason },
        .timestamptz("edited_at") { $0.update.editedAt }
    )

    static let orderCustomers = CopyTable<(order: Int64, customer: Int64?)>(
        "tmp_order_customers",
        .bigint("order_key") { $0.order },
        .bigint("customer_key") { $0.customer }
    )

    /// The header of a dialog as its `dialogs` row has it, copied into its log (schema 0017).
    typealias LogHeader = (id: DialogID, kind: DialogKind, channel: Int64?, privacy: PrivacyState)

    /// The batch's fact records of each dialog, appended to its log (``FactLogRecord``), with the
    /// header of each dialog the batch touched (nil: the log keeps its own).
    static let factLogs = CopyTable<(dialog: Int64, header: LogHeader?, append: FactLogAppend?)>(
        "tmp_fact_logs",
        .bigint("dialog_key") { $0.dialog },
        .integer("channel_key") { $0.header?.channel },
        .text("dialog_id") { $0.header?.id.rawValue },
        .text("kind") { $0.header?.kind.rawValue },
        .text("privacy") { $0.header.map { privacyText($0.privacy) } },
        .timestamptz("privacy_accepted_at") { $0.header.flatMap { acceptedAt($0.privacy) } },
        .bytea("facts") { $0.append?.records ?? [] },
        .timestamptz("first_at") { $0.append?.firstAt },
        .timestamptz("last_at") { $0.append?.lastAt }
    )

    /// The messages given a status by the batch whose statuses may go to their dialog's log, with
    /// the seq of their first status in the batch (`merge_tmp_status_messages`).
    static let statusMessages = CopyTable<(message: Int64, firstSeq: Int64)>(
        "tmp_status_messages",
        .bigint("message_key") { $0.message },
        .bigint("first_seq") { $0.firstSeq }
    )

    /// How the batch moves a dialog's `dialog_status_latest` row (``StatusLatest``), with whether
    /// the dialog is held from every report (internal, or pending under the privacy policy: what
    /// its `dialogs` row says at the batch's end, schema 0019), for a dialog given its first row.
    static let statusLatest = CopyTable<(dialog: Int64, latest: StatusLatest, held: Bool)>(
        "tmp_status_latest",
        .bigint("dialog_key") { $0.dialog },
        .timestamptz("at") { $0.latest.at },
        .bigint("seq") { $0.latest.seq },
        .boolean("is_open") { $0.latest.isOpen },
        .boolean("disordered") { $0.latest.disordered },
        .timestamptz("earliest") { $0.latest.earliest },
        .boolean("accepted") { $0.latest.accepted },
        .boolean("held") { $0.held }
    )

    /// A draft saved (`text`) or cleared (`nil`: `deleted`).
    static let drafts = CopyTable<(dialog: Int64, user: Int64, text: String?, at: Int64)>(
        "tmp_drafts",
        .bigint("dialog_key") { $0.dialog },
        .integer("user_key") { $0.user },
        .text("text") { $0.text ?? "" },
        .timestamptz("saved_at") { $0.at },
        .boolean("deleted") { $0.text == nil }
    )

    typealias TaskRow = (
        key: Int64, id: TaskID, task: TaskState, responsible: Int64?, order: Int64?, customer: Int64?,
        author: UserOrBot, completedBy: Int64?
    )

    static let tasks = CopyTable<TaskRow>(
        "tmp_tasks",
        .bigint("task_key") { $0.key },
        .text("task_id") { $0.id.rawValue },
        .text("text") { $0.task.text },
        .timestamptz("due") { $0.task.due },
        .integer("responsible_user_key") { $0.responsible },
        .bigint("order_key") { $0.order },
        .bigint("customer_key") { $0.customer },
        .integer("author_user_key") { $0.author.user },
        .integer("author_bot_key") { $0.author.bot },
        .timestamptz("created_at") { $0.task.createdAt },
        .timestamptz("completed_at") { $0.task.completedAt },
        .integer("completed_by_user_key") { $0.completedBy }
    )

    // MARK: Histories and new rows, appended

    /// The history a report reads as of its instant (SPEC §2).
    static let userVersions = CopyTable<(key: Int64, seq: Int64, at: Int64, user: UserState)>(
        .userVersions,
        .integer("user_key") { $0.key },
        .bigint("seq") { $0.seq },
        .timestamptz("effective_at") { $0.at },
        .text("name") { $0.user.name },
        .boolean("chat_access") { $0.user.chatAccess },
        .boolean("admin") { $0.user.admin },
        .boolean("chat_admin") { $0.user.chatAdmin },
        .boolean("active") { $0.user.active }
    )

    static let channelVersions = CopyTable<(key: Int64, seq: Int64, at: Int64, channel: ChannelState, store: Int64?)>(
        .channelVersions,
        .integer("channel_key") { $0.key },
        .bigint("seq") { $0.seq },
        .timestamptz("effective_at") { $0.at },
        .text("name") { $0.channel.name },
        .text("kind") { $0.channel.kind.rawValue },
        .integer("store_key") { $0.store }
    )

    static let customerMerges = CopyTable<(seq: Int64, at: Int64, by: Int64?, customer: Int64, into: Int64)>(
        .customerMerges,
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .integer("by_user_key") { $0.by },
        .bigint("customer_key") { $0.customer },
        .bigint("into_key") { $0.into }
    )

    static let timeLimitSettings = CopyTable<
        (seq: Int64, setting: TimeLimitSetting<ChannelID>, channel: Int64?, by: Int64?)
    >(
        .timeLimitSettings,
        .bigint("seq") { $0.seq },
        .timestamptz("effective_at") { $0.setting.effectiveAt },
        .integer("channel_key") { $0.channel },
        .integer("warning_s") { $0.setting.warningSeconds },
        .integer("processing_s") { $0.setting.processingSeconds },
        .integer("set_by_user_key") { $0.by }
    )

    /// `tz`, `week` and `holidays` are NULL for `hours: null`.
    static let businessHoursSettings = CopyTable<
        (seq: Int64, setting: BusinessHoursSetting, channel: Int64?, by: Int64?)
    >(
        .businessHoursSettings,
        .bigint("seq") { $0.seq },
        .timestamptz("effective_at") { $0.setting.effectiveAt },
        .integer("channel_key") { $0.channel },
        .integer("set_by_user_key") { $0.by },
        .text("tz") { $0.setting.hours?.timeZone },
        .jsonb("week") { $0.setting.hours?.weekJSON },
        .dateArray("holidays") { $0.setting.hours?.holidays }
    )

    /// The whole resolved settings after each change.
    static let chatSettings = CopyTable<(seq: Int64, at: Int64, settings: ChatSettings, by: Int64?)>(
        .chatSettings,
        .bigint("seq") { $0.seq },
        .timestamptz("effective_at") { $0.at },
        .integer("set_by_user_key") { $0.by },
        .integer("auto_close_assigned_s") { $0.settings.autoCloseAssignedSeconds },
        .textArray("default_responsible") { $0.settings.defaultResponsible.map(\.rawValue) },
        .boolean("privacy_enabled") { $0.settings.privacyPolicy.enabled },
        .text("privacy_text") { $0.settings.privacyPolicy.text },
        .text("privacy_url") { $0.settings.privacyPolicy.url },
        .textArray("privacy_excluded_channels") { $0.settings.privacyPolicy.excludedChannels.map(\.rawValue) },
        .timestamptz("privacy_enabled_since") { $0.settings.privacyPolicy.enabledSince },
        .boolean("widget_order") { $0.settings.widgets.order },
        .boolean("widget_products") { $0.settings.widgets.products },
        .boolean("widget_tasks") { $0.settings.widgets.tasks },
        .text("order_method") { $0.settings.orderMethod },
        .text("order_type") { $0.settings.orderType },
        .boolean("first_responder_takes_dialog") { $0.settings.firstResponderTakesDialog },
        .boolean("bot_replies_stop_clock") { $0.settings.botRepliesStopClock },
        .text("clock_start") { $0.settings.clockStart.rawValue }
    )

    /// Written once per batch from the messages it stored, with their last status and edit.
    static let messages = CopyTable<PendingMessage>(
        .messages,
        .bigint("message_key") { $0.key },
        .text("message_id") { $0.id },
        .bigint("dialog_key") { $0.dialogKey },
        .bigint("seq") { $0.seq },
        .timestamptz("created_at") { $0.createdAt },
        .text("sender_kind") { $0.senderKind.rawValue },
        .bigint("sender_contact_key") { $0.contactKey },
        .integer("sender_user_key") { $0.userKey },
        .integer("sender_bot_key") { $0.botKey },
        .text("text") { $0.text },
        .bigint("quote_message_key") { $0.quoteKey },
        .integer("quick_reply_key") { $0.quickReplyKey },
        .text("status") { $0.status.rawValue },
        .text("failure_reason") { $0.failureReason },
        .timestamptz("edited_at") { $0.editedAt }
    )

    static let messageAttachments = CopyTable<(message: Int64, position: Int, attachment: MessageAttachment)>(
        .messageAttachments,
        .bigint("message_key") { $0.message },
        .integer("position") { Int64($0.position) },
        .text("name") { $0.attachment.name },
        .bigint("size_bytes") { $0.attachment.size },
        .text("mime") { $0.attachment.mime }
    )

    static let messageStatuses = CopyTable<
        (message: Int64, seq: Int64, at: Int64, status: DeliveryStatus, error: String?)
    >(
        .messageStatuses,
        .bigint("message_key") { $0.message },
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .text("status") { $0.status.rawValue },
        .text("error") { $0.error }
    )

    static let messageEdits = CopyTable<(message: Int64, seq: Int64, at: Int64, text: String)>(
        .messageEdits,
        .bigint("message_key") { $0.message },
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .text("text") { $0.text }
    )

    typealias AssignmentRow = (
        dialog: Int64, seq: Int64, at: Int64, from: UserOrBot, to: UserOrBot, by: Actor, reason: String,
        position: Int
    )

    static let assignments = CopyTable<AssignmentRow>(
        .assignments,
        .bigint("dialog_key") { $0.dialog },
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .integer("from_user_key") { $0.from.user },
        .integer("from_bot_key") { $0.from.bot },
        .integer("to_user_key") { $0.to.user },
        .integer("to_bot_key") { $0.to.bot },
        .text("by_kind") { $0.by.kind },
        .integer("by_user_key") { $0.by.user },
        .integer("by_bot_key") { $0.by.bot },
        .text("reason") { $0.reason },
        .smallint("position") { Int64($0.position) }
    )

    typealias StatusChangeRow = (
        dialog: Int64, seq: Int64, at: Int64, change: String, by: Actor, rule: String?, position: Int
    )

    static let dialogStatusChanges = CopyTable<StatusChangeRow>(
        .dialogStatusChanges,
        .bigint("dialog_key") { $0.dialog },
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .text("change") { $0.change },
        .text("by_kind") { $0.by.kind },
        .integer("by_user_key") { $0.by.user },
        .integer("by_bot_key") { $0.by.bot },
        .text("auto_rule") { $0.rule },
        .smallint("position") { Int64($0.position) }
    )

    static let dialogLinks = CopyTable<(dialog: Int64, seq: Int64, at: Int64, customer: Int64, by: Int64?)>(
        .dialogLinks,
        .bigint("dialog_key") { $0.dialog },
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .bigint("customer_key") { $0.customer },
        .integer("by_user_key") { $0.by }
    )

    typealias OrderRow = (
        key: Int64, id: OrderID, number: String, dialog: Int64?, customer: Int64?, store: Int64?, by: Int64?,
        at: Int64, seq: Int64, delivery: Delivery?, total: Money
    )

    static let orders = CopyTable<OrderRow>(
        .orders,
        .bigint("order_key") { $0.key },
        .text("order_id") { $0.id.rawValue },
        .text("number") { $0.number },
        .bigint("dialog_key") { $0.dialog },
        .bigint("customer_key") { $0.customer },
        .integer("store_key") { $0.store },
        .integer("created_by_user_key") { $0.by },
        .timestamptz("created_at") { $0.at },
        .bigint("seq") { $0.seq },
        .text("delivery_type") { $0.delivery?.type },
        .money("delivery_cost") { $0.delivery?.cost ?? .zero },
        .money("total") { $0.total }
    )

    static let orderItems = CopyTable<(order: Int64, item: OrderLine)>(
        .orderItems,
        .bigint("order_key") { $0.order },
        .text("offer") { $0.item.offer },
        .integer("quantity") { $0.item.quantity },
        .money("unit_price") { $0.item.price }
    )

    static let orderStatuses = CopyTable<(order: Int64, seq: Int64, at: Int64, status: String, by: Int64?)>(
        .orderStatuses,
        .bigint("order_key") { $0.order },
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .text("status") { $0.status },
        .integer("by_user_key") { $0.by }
    )

    static let orderPayments = CopyTable<(order: Int64, payment: PaymentState, seq: Int64, at: Int64)>(
        .orderPayments,
        .bigint("order_key") { $0.order },
        .text("payment_id") { $0.payment.id.rawValue },
        .bigint("seq") { $0.seq },
        .timestamptz("at") { $0.at },
        .text("method") { $0.payment.method },
        .money("amount") { $0.payment.amount },
        .boolean("paid") { $0.payment.paid }
    )

    /// The ledger: every event with a usable id that was not a duplicate.
    static let ingestedEvents = CopyTable<(seq: Int64, accepted: Bool, id: String, digest: [UInt8])>(
        .ingestedEvents,
        .bigint("seq") { $0.seq },
        .boolean("accepted") { $0.accepted },
        .text("event_id") { $0.id },
        .bytea("digest") { $0.digest }
    )

    /// `message` and `rawLine` hold U+FFFD where the line held NUL (PostgreSQL text cannot).
    typealias RejectedRow = (
        seq: Int64, eventID: String?, source: String, lineNumber: Int64, code: RejectionCode, message: String,
        rawLine: String, rawDigest: String, stage: String
    )

    static let rejectedEvents = CopyTable<RejectedRow>(
        .rejectedEvents,
        .bigint("seq") { $0.seq },
        .text("event_id") { $0.eventID },
        .text("source") { $0.source },
        .bigint("line_number") { $0.lineNumber },
        .text("code") { $0.code.rawValue },
        .text("message") { $0.message },
        .text("raw_line") { $0.rawLine },
        .text("raw_digest") { $0.rawDigest },
        .text("stage") { $0.stage }
    )

    /// Every description, for the checks: temp tables first, then the appended ones in
    /// ``AppendTable`` order.
    static let all: [CopyTableShape] = [
        stores.shape, channels.shape, users.shape, bots.shape, customers.shape, contacts.shape, quickReplies.shape,
        dialogs.shape, participants.shape, messageUpdates.shape, orderCustomers.shape, factLogs.shape,
        statusMessages.shape, statusLatest.shape, drafts.shape, tasks.shape,
        userVersions.shape, channelVersions.shape, customerMerges.shape, timeLimitSettings.shape,
        businessHoursSettings.shape, chatSettings.shape, messages.shape, messageAttachments.shape,
        messageStatuses.shape, messageEdits.shape, assignments.shape, dialogStatusChanges.shape, dialogLinks.shape,
        orders.shape, orderItems.shape, orderStatuses.shape, orderPayments.shape, ingestedEvents.shape,
        rejectedEvents.shape,
    ]

    /// Refuses statements whose column list is not their table's description.
    ///
    /// - Parameter statement: the text of a statement of `queries/ingest/write.sql` by name.
    /// - Throws: `StoreError.queryFileUnreadable` naming the first statement that differs.
    /// - Complexity: O(columns of every table); run once per ingester.
    static func check(_ statement: (String) throws -> String) throws {
        for shape in all {
            let written = try statement(shape.statement).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard written == shape.copyStatement else {
                throw StoreError.queryFileUnreadable(
                    "queries/ingest/write.sql: \(shape.statement) is \"\(written)\", its description in "
                        + "IngestTables says \"\(shape.copyStatement)\""
                )
            }
        }
    }
}

import ChatDomain
import Foundation
import PostgresClient

/// How each ``Fact`` becomes rows (see `queries/ingest/write.sql` for the statements):
///
/// | fact | rows |
/// |---|---|
/// | `storeUpserted`, `channelUpserted`, `userUpserted`, `botUpserted`, `customerUpserted`, `contactUpserted`, `quickReplyUpserted` | upsert of `stores`, `channels`, `users`, `bots`, `customers`, `contacts`, `quick_replies` |
/// | `customerMerged` | `customer_merges`; `customers.merged_into`; the moved `dialogs`, their `contacts`, and `orders.customer_key` |
/// | `userUpserted`, `channelUpserted` (also) | a row of `user_versions` / `channel_versions`: the history a report reads as of its instant |
/// | `timeLimitSet` / `businessHoursSet` / `chatSettingsVersion` | a row of `time_limit_settings` / `business_hours_settings` / `chat_settings` |
/// | `dialogOpened`, `privacyAccepted`, `dialogClosed`, `dialogReopened` | `dialog_status_changes` + the `dialogs` row |
/// | `assigned` | `assignments` + the `dialogs` row |
/// | `botBlocked`, `botUnblocked` | the `dialogs` row (`bot_blocked`) |
/// | `dialogLinked` | `dialog_links` + the `dialogs` row (its contact through `contactUpserted`) |
/// | `messageStored`, `internalMessageStored` | `messages`, `message_attachments`, the `dialogs` row (activity, unread; participants) |
/// | `messageStatusChanged` / `messageEdited` | `message_statuses` / `message_edits` + the `messages` row |
/// | `draftSaved` / `draftCleared` | upsert / delete of `drafts` |
/// | `orderCreated` | `orders` + `order_items`; from a dialog, a record of its log |
/// | `orderStatusChanged` / `paymentUpserted` | `order_statuses` / `order_payments` |
/// | `taskCreated` / `taskCompleted` | upsert of `tasks` |
extension Ingester {
    /// Turns the facts of one accepted event into the batch's rows.
    ///
    /// - Complexity: O(facts + their text); keys are dictionary lookups.
    func record(_ facts: [StoredFact], of event: EventEnvelope) throws {
        for (position, stored) in facts.enumerated() {
            let seq = stored.seq
            let at = stored.at
            switch stored.fact {
            case .storeUpserted(let store):
                _ = storeKeys.key(for: store.id)
                batch.stores.touch(store.id, at: at, seq: seq)
            case .channelUpserted(let channel):
                recordChannel(channel, seq: seq, at: at)
            case .userUpserted(let user):
                recordUser(user, seq: seq, at: at)
            case .botUpserted(let bot):
                _ = botKeys.key(for: bot.id)
                batch.bots.touch(bot.id, at: at, seq: seq)
            case .customerUpserted(let customer):
                _ = customerKeys.key(for: customer.id)
                batch.customers.touch(customer.id, at: at, seq: seq)
            case .contactUpserted(let contact):
                _ = contactKeys.key(for: contact.key)
                batch.contacts.touch(contact.key, at: at, seq: seq)
            case .customerMerged(let from, let into, let dialogs, let orders, let by):
                recordMerge(from, into: into, dialogs: dialogs, orders: orders, by: by, seq: seq, at: at)
            case .timeLimitSet(let setting, let by):
                let row = (seq, setting, setting.channel.map { channelKeys.key(for: $0) }, actorKeys(by).user)
                batch.append(IngestTables.timeLimitSettings, row)
            case .businessHoursSet(let setting):
                let row = (seq, setting, setting.channel.map { channelKeys.key(for: $0) }, actorKeys(setting.by).user)
                batch.append(IngestTables.businessHoursSettings, row)
            case .chatSettingsVersion(let version):
                let row = (seq, version.effectiveAt, version.settings, actorKeys(version.by).user)
                batch.append(IngestTables.chatSettings, row)
            case .dialogOpened(let dialog, let kind, _, _, _, _):
                var opener: IngestTables.Actor = (kind == .customer ? "customer" : "system", nil, nil)
                if case .internalMessage(_, let by, _, _, _) = event.payload {
                    opener = ("user", userKeys.key(for: by), nil)
                }
                statusChange(dialog, "opened", by: opener, rule: nil, logged: nil, seq, at, position)
            case .privacyAccepted(let dialog):
                let customer: IngestTables.Actor = ("customer", nil, nil)
                let code = FactLogRecord.acceptanceCode
                statusChange(dialog, "privacy_accepted", by: customer, rule: nil, logged: code, seq, at, position)
            case .assigned(let dialog, let from, let to, let by, let reason):
                recordAssignment(dialog, from: from, to: to, by: by, reason: reason, seq, at, position)
            case .dialogClosed(let dialog, let cause):
                // Fact codes (queries/extraction/period_dialog_facts.sql): 1 automatic, 8/9/10 by a
                // user, a bot, the system actor.
                let auto: IngestTables.Actor = ("auto", nil, nil)
                switch cause {
                case .actor(let actor):
                    let code =
                        switch actor {
                        case .user: 8
                        case .bot: 9
                        case .system: 10
                        }
                    statusChange(dialog, "closed", by: actorKeys(actor), rule: nil, logged: code, seq, at, position)
                case .assignedTimeout:
                    statusChange(dialog, "closed", by: auto, rule: "assigned_timeout", logged: 1, seq, at, position)
                case .inactivity:
                    statusChange(dialog, "closed", by: auto, rule: "idle_30_days", logged: 1, seq, at, position)
                }
            case .dialogReopened(let dialog, _):
                let customer: IngestTables.Actor = ("customer", nil, nil)
                statusChange(dialog, "reopened", by: customer, rule: nil, logged: 11, seq, at, position)
            case .botBlocked(let dialog), .botUnblocked(let dialog):
                batch.dialogs.touch(dialog, at: at, seq: seq)
            case .dialogLinked(let dialog, let customer, let by):
                let row = (dialogKeys.key(for: dialog), seq, at, customerKeys.key(for: customer), actorKeys(by).user)
                batch.dialogs.touch(dialog, at: at, seq: seq)
                batch.append(IngestTables.dialogLinks, row)
            case .messageStored(let message):
                try storeMessage(message, seq: seq)
                batch.dialogs.touch(message.dialog, at: at, seq: seq)
            case .messageStatusChanged(let message, let status, let error):
                recordStatus(of: message, status, error: error, seq: seq, at: at)
            case .messageEdited(let message, let text):
                recordEdit(of: message, text: text, seq: seq, at: at)
            case .internalMessageStored(let thread, let message, let by, _, let text):
                let stored = StoredMessage(
                    message: message,
                    dialog: thread,
                    sender: .user(by),
                    text: text,
                    createdAt: at,
                    status: .sent
                )
                try storeMessage(stored, seq: seq)
                batch.dialogs.touch(thread, at: at, seq: seq)
            case .draftSaved(let dialog, let user, let text):
                batch.drafts[DraftKey(dialog: dialog, user: user)] = (text, at)
            case .draftCleared(let dialog, let user):
                batch.drafts[DraftKey(dialog: dialog, user: user)] = (nil, at)
            case .quickReplyUpserted(let reply):
                recordQuickReply(reply, of: event, seq: seq, at: at)
            case .orderCreated(
                let order,
                let number,
                let dialog,
                let customer,
                let store,
                let by,
                let items,
                let delivery,
                let total
            ):
                let key = orderKeys.key(for: order)
                let row: IngestTables.OrderRow = (
                    key, order, number, dialog.map { dialogKeys.key(for: $0) },
                    customer.map { customerKeys.key(for: $0) }, store.map { storeKeys.key(for: $0) },
                    actorKeys(by).user, at, seq, delivery, total
                )
                batch.append(IngestTables.orders, row)
                for item in items { batch.append(IngestTables.orderItems, (key, item)) }
                if let dialogKey = row.dialog {
                    // The order's record in its dialog's log (schema 0021).
                    batch.logFact(
                        dialog: dialogKey,
                        at: at,
                        seq: seq,
                        code: FactLogRecord.orderCode,
                        user: nil,
                        bot: nil
                    )
                }
            case .orderStatusChanged(let order, let status, let by):
                batch.append(
                    IngestTables.orderStatuses,
                    (orderKeys.key(for: order), seq, at, status, actorKeys(by).user)
                )
            case .paymentUpserted(let order, let payment, _, _):
                batch.append(IngestTables.orderPayments, (orderKeys.key(for: order), payment, seq, at))
            case .taskCreated(let task):
                _ = taskKeys.key(for: task.id)
                batch.tasks.touch(task.id, at: at, seq: seq)
            case .taskCompleted(let task, let by):
                batch.tasks.touch(task, at: at, seq: seq)
                batch.taskCompletedBy[task] = by
            }
        }
    }

    /// The channel's row, and its version: the history the report reads as of its instant (SPEC §2).
    private func recordChannel(_ channel: ChannelState, seq: Int64, at: Int64) {
        let key = channelKeys.key(for: channel.id)
        batch.channels.touch(channel.id, at: at, seq: seq)
        let store = channel.store.map { storeKeys.key(for: $0) }
        batch.append(IngestTables.channelVersions, (key, seq, at, channel, store))
    }

    /// The user's row, and its version.
    private func recordUser(_ user: UserState, seq: Int64, at: Int64) {
        let key = userKeys.key(for: user.id)
        batch.users.touch(user.id, at: at, seq: seq)
        batch.append(IngestTables.userVersions, (key, seq, at, user))
    }

    /// `customer_merges`, the merged customer's row, the moved dialogs with their contacts, and
    /// the moved orders' customer.
    private func recordMerge(
        _ from: CustomerID,
        into: CustomerID,
        dialogs: [DialogID],
        orders: [OrderID],
        by: EventActor,
        seq: Int64,
        at: Int64
    ) {
        let actor = actorKeys(by)
        let fromKey = customerKeys.key(for: from)
        let intoKey = customerKeys.key(for: into)
        batch.append(IngestTables.customerMerges, (seq, at, actor.user, fromKey, intoKey))
        batch.customers.touch(from, at: at, seq: seq)
        for dialog in dialogs {
            batch.dialogs.touch(dialog, at: at, seq: seq)
            if let state = state.dialogs[dialog], let channel = state.channel, let contact = state.contact {
                batch.contacts.touch(ContactKey(channel: channel, contact: contact), at: at, seq: seq)
            }
        }
        for order in orders { batch.orderCustomers[orderKeys.key(for: order)] = intoKey }
    }

    private func recordAssignment(
        _ dialog: DialogID,
        from: Responsible,
        to: Responsible,
        by: EventActor,
        reason: AssignmentReason,
        _ seq: Int64,
        _ at: Int64,
        _ position: Int
    ) {
        let key = dialogKeys.key(for: dialog)
        batch.dialogs.touch(dialog, at: at, seq: seq)
        let reasonText =
            switch reason {
            case .explicit: "manual"
            case .defaultResponsible: "default_responsible"
            case .firstResponder: "first_responder"
            }
        let toKeys = responsibleKeys(to)
        let row: IngestTables.AssignmentRow = (
            key, seq, at, responsibleKeys(from), toKeys, actorKeys(by), reasonText, position
        )
        batch.append(IngestTables.assignments, row)
        let code = toKeys.user != nil ? 5 : toKeys.bot != nil ? 6 : 7
        batch.logFact(dialog: key, at: at, seq: seq, code: code, user: toKeys.user, bot: toKeys.bot)
    }

    /// `message_statuses`, and the message's current status (in its pending row when the batch stored it).
    private func recordStatus(of message: MessageID, _ status: DeliveryStatus, error: String?, seq: Int64, at: Int64) {
        let key = messageKeys.key(for: message)
        batch.append(IngestTables.messageStatuses, (key, seq, at, status, error))
        let reason = status == .failed ? (error ?? "unknown") : nil
        let stored = batch.newMessageIndex[key]
        let earlier = batch.statusMessages[key]
        batch.statusMessages[key] = (
            earlier?.firstSeq ?? seq, (earlier?.logged ?? false) || stored == nil || status == .failed
        )
        if let index = stored {
            batch.newMessages[index].status = status
            batch.newMessages[index].failureReason = reason
        } else {
            batch.messageUpdates[key, default: MessageUpdate()].status = status
            batch.messageUpdates[key, default: MessageUpdate()].failureReason = reason
        }
    }

    /// `message_edits`, and the message's last edit (in its pending row when the batch stored it).
    private func recordEdit(of message: MessageID, text: String, seq: Int64, at: Int64) {
        let key = messageKeys.key(for: message)
        batch.append(IngestTables.messageEdits, (key, seq, at, text))
        if let index = batch.newMessageIndex[key] {
            batch.newMessages[index].editedAt = at
        } else {
            batch.messageUpdates[key, default: MessageUpdate()].editedAt = at
        }
    }

    /// The reply's row, updated by the event's actor.
    private func recordQuickReply(_ reply: QuickReplyState, of event: EventEnvelope, seq: Int64, at: Int64) {
        _ = quickReplyKeys.key(for: reply.id)
        var by = EventActor.system
        if case .quickReplyUpserted(_, let actor, _, _, _) = event.payload { by = actor }
        var touch = batch.quickReplies[reply.id]?.touch ?? Touch(firstAt: at, lastAt: at, firstSeq: seq)
        touch.lastAt = max(touch.lastAt, at)
        batch.quickReplies[reply.id] = (touch, by)
    }

    /// `dialog_status_changes`, and the record `logged` (a fact code, ``FactLogRecord``) in the
    /// dialog's log; nil for a change the log does not hold (an opening).
    private func statusChange(
        _ dialog: DialogID,
        _ change: String,
        by actor: IngestTables.Actor,
        rule: String?,
        logged code: Int?,
        _ seq: Int64,
        _ at: Int64,
        _ position: Int
    ) {
        let key = dialogKeys.key(for: dialog)
        batch.dialogs.touch(dialog, at: at, seq: seq)
        batch.append(IngestTables.dialogStatusChanges, (key, seq, at, change, actor, rule, position))
        batch.noteStatus(dialog, at: at, seq: seq, isOpen: change != "closed", accepted: change == "privacy_accepted")
        if let code {
            batch.logFact(dialog: key, at: at, seq: seq, code: code, user: actor.user, bot: actor.bot)
        }
    }

    private func storeMessage(_ message: StoredMessage, seq: Int64) throws {
        let key = messageKeys.key(for: message.message)
        var pending = PendingMessage(
            key: key,
            id: message.message.rawValue,
            dialogKey: dialogKeys.key(for: message.dialog),
            seq: seq,
            createdAt: message.createdAt,
            senderKind: message.sender.kind,
            text: message.text,
            quoteKey: message.quote.map { messageKeys.key(for: $0) },
            quickReplyKey: message.quickReply.map { quickReplyKeys.key(for: $0) },
            status: message.status,
            failureReason: message.failureReason ?? (message.status == .failed ? "unknown" : nil)
        )
        switch message.sender {
        case .customer(let contact):
            guard let channel = state.dialogs[message.dialog]?.channel else {
                throw StoreError.invariantBroken(
                    "customer message \(message.message) in dialog \(message.dialog) without a channel"
                )
            }
            pending.contactKey = contactKeys.key(for: ContactKey(channel: channel, contact: contact))
        case .user(let user): pending.userKey = userKeys.key(for: user)
        case .bot(let bot): pending.botKey = botKeys.key(for: bot)
        case .system: break
        }
        batch.newMessageIndex[key] = batch.newMessages.count
        batch.newMessages.append(pending)
        let code: Int? =
            switch message.sender {
            case .customer: 2
            case .user: 3
            case .bot: 4
            case .system: nil
            }
        if let code {
            batch.logFact(
                dialog: pending.dialogKey,
                at: message.createdAt,
                seq: seq,
                code: code,
                flag: message.failureReason == StoredMessage.botBlockedReason,
                user: pending.userKey,
                bot: pending.botKey
            )
        }
        for (position, attachment) in message.attachments.enumerated() {
            batch.append(IngestTables.messageAttachments, (key, position, attachment))
        }
    }

    func actorKeys(_ actor: EventActor) -> IngestTables.Actor {
        switch actor {
        case .user(let id): ("user", userKeys.key(for: id), nil)
        case .bot(let id): ("bot", nil, botKeys.key(for: id))
        case .system: ("system", nil, nil)
        }
    }

    func responsibleKeys(_ responsible: Responsible) -> IngestTables.UserOrBot {
        switch responsible {
        case .user(let id): (userKeys.key(for: id), nil)
        case .bot(let id): (nil, botKeys.key(for: id))
        case .none: (nil, nil)
        }
    }
}

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
/// | `orderCreated` | `orders` + `order_items` |
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
                let key = channelKeys.key(for: channel.id)
                batch.channels.touch(channel.id, at: at, seq: seq)
                // The history the report reads as of its instant (SPEC §2).
                let store = channel.store.map { storeKeys.key(for: $0) }
                batch.append(.channelVersions) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.text(channel.name)
                    row.text(channel.kind.rawValue)
                    row.int(store)
                    row.endRow()
                }
            case .userUpserted(let user):
                let key = userKeys.key(for: user.id)
                batch.users.touch(user.id, at: at, seq: seq)
                batch.append(.userVersions) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.text(user.name)
                    row.bool(user.chatAccess)
                    row.bool(user.admin)
                    row.bool(user.chatAdmin)
                    row.bool(user.active)
                    row.endRow()
                }
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
                let actor = actorKeys(by)
                let fromKey = customerKeys.key(for: from)
                let intoKey = customerKeys.key(for: into)
                batch.append(.customerMerges) { row in
                    row.int(seq)
                    row.timestamp(at)
                    row.int(actor.user)
                    row.int(fromKey)
                    row.int(intoKey)
                    row.endRow()
                }
                batch.customers.touch(from, at: at, seq: seq)
                for dialog in dialogs {
                    batch.dialogs.touch(dialog, at: at, seq: seq)
                    if let state = state.dialogs[dialog], let channel = state.channel, let contact = state.contact {
                        batch.contacts.touch(ContactKey(channel: channel, contact: contact), at: at, seq: seq)
                    }
                }
                for order in orders { batch.orderCustomers[orderKeys.key(for: order)] = intoKey }
            case .timeLimitSet(let setting, let by):
                let channel = setting.channel.map { channelKeys.key(for: $0) }
                let actor = actorKeys(by)
                batch.append(.timeLimitSettings) { row in
                    row.int(seq)
                    row.timestamp(setting.effectiveAt)
                    row.int(channel)
                    row.int(setting.warningSeconds)
                    row.int(setting.processingSeconds)
                    row.int(actor.user)
                    row.endRow()
                }
            case .businessHoursSet(let setting):
                let channel = setting.channel.map { channelKeys.key(for: $0) }
                let actor = actorKeys(setting.by)
                batch.append(.businessHoursSettings) { row in
                    row.int(seq)
                    row.timestamp(setting.effectiveAt)
                    row.int(channel)
                    row.int(actor.user)
                    row.text(setting.hours?.timeZone)
                    row.text(setting.hours?.weekJSON)
                    row.text(setting.hours.map { "{" + $0.holidays.joined(separator: ",") + "}" })
                    row.endRow()
                }
            case .chatSettingsVersion(let version):
                let actor = actorKeys(version.by)
                let settings = version.settings
                batch.append(.chatSettings) { row in
                    row.int(seq)
                    row.timestamp(version.effectiveAt)
                    row.int(actor.user)
                    row.int(settings.autoCloseAssignedSeconds)
                    row.text(settings.defaultResponsible.map(\.rawValue).postgresBind.text)
                    row.bool(settings.privacyPolicy.enabled)
                    row.text(settings.privacyPolicy.text)
                    row.text(settings.privacyPolicy.url)
                    row.text(settings.privacyPolicy.excludedChannels.map(\.rawValue).postgresBind.text)
                    row.timestamp(settings.privacyPolicy.enabledSince)
                    row.bool(settings.widgets.order)
                    row.bool(settings.widgets.products)
                    row.bool(settings.widgets.tasks)
                    row.text(settings.orderMethod)
                    row.text(settings.orderType)
                    row.bool(settings.firstResponderTakesDialog)
                    row.bool(settings.botRepliesStopClock)
                    row.text(settings.clockStart.rawValue)
                    row.endRow()
                }
            case .dialogOpened(let dialog, let kind, _, _, _, _):
                let key = dialogKeys.key(for: dialog)
                batch.dialogs.touch(dialog, at: at, seq: seq)
                var opener = (kind: kind == .customer ? "customer" : "system", user: Int64?.none, bot: Int64?.none)
                if case .internalMessage(_, let by, _, _, _) = event.payload {
                    opener = ("user", userKeys.key(for: by), nil)
                }
                batch.append(.dialogStatusChanges) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.text("opened")
                    row.text(opener.kind)
                    row.int(opener.user)
                    row.int(opener.bot)
                    row.text(nil)
                    row.int(position)
                    row.endRow()
                }
            case .privacyAccepted(let dialog):
                statusChange(dialog, "privacy_accepted", by: ("customer", nil, nil), rule: nil, seq, at, position)
            case .assigned(let dialog, let from, let to, let by, let reason):
                let key = dialogKeys.key(for: dialog)
                batch.dialogs.touch(dialog, at: at, seq: seq)
                let fromKeys = responsibleKeys(from)
                let toKeys = responsibleKeys(to)
                let actor = actorKeys(by)
                let reasonText =
                    switch reason {
                    case .explicit: "manual"
                    case .defaultResponsible: "default_responsible"
                    case .firstResponder: "first_responder"
                    }
                batch.append(.assignments) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.int(fromKeys.user)
                    row.int(fromKeys.bot)
                    row.int(toKeys.user)
                    row.int(toKeys.bot)
                    row.text(actor.kind)
                    row.int(actor.user)
                    row.int(actor.bot)
                    row.text(reasonText)
                    row.int(position)
                    row.endRow()
                }
            case .dialogClosed(let dialog, let cause):
                switch cause {
                case .actor(let actor):
                    statusChange(dialog, "closed", by: actorKeys(actor), rule: nil, seq, at, position)
                case .assignedTimeout:
                    statusChange(dialog, "closed", by: ("auto", nil, nil), rule: "assigned_timeout", seq, at, position)
                case .inactivity:
                    statusChange(dialog, "closed", by: ("auto", nil, nil), rule: "idle_30_days", seq, at, position)
                }
            case .dialogReopened(let dialog, _):
                statusChange(dialog, "reopened", by: ("customer", nil, nil), rule: nil, seq, at, position)
            case .botBlocked(let dialog), .botUnblocked(let dialog):
                batch.dialogs.touch(dialog, at: at, seq: seq)
            case .dialogLinked(let dialog, let customer, let by):
                let key = dialogKeys.key(for: dialog)
                let customerKey = customerKeys.key(for: customer)
                let actor = actorKeys(by)
                batch.dialogs.touch(dialog, at: at, seq: seq)
                batch.append(.dialogLinks) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.int(customerKey)
                    row.int(actor.user)
                    row.endRow()
                }
            case .messageStored(let message):
                try storeMessage(message, seq: seq)
                batch.dialogs.touch(message.dialog, at: at, seq: seq)
            case .messageStatusChanged(let message, let status, let error):
                let key = messageKeys.key(for: message)
                batch.append(.messageStatuses) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.text(status.rawValue)
                    row.text(error)
                    row.endRow()
                }
                let reason = status == .failed ? (error ?? "unknown") : nil
                if let index = batch.newMessageIndex[key] {
                    batch.newMessages[index].status = status
                    batch.newMessages[index].failureReason = reason
                } else {
                    batch.messageUpdates[key, default: MessageUpdate()].status = status
                    batch.messageUpdates[key, default: MessageUpdate()].failureReason = reason
                }
            case .messageEdited(let message, let text):
                let key = messageKeys.key(for: message)
                batch.append(.messageEdits) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.text(text)
                    row.endRow()
                }
                if let index = batch.newMessageIndex[key] {
                    batch.newMessages[index].editedAt = at
                } else {
                    batch.messageUpdates[key, default: MessageUpdate()].editedAt = at
                }
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
                _ = quickReplyKeys.key(for: reply.id)
                var by = EventActor.system
                if case .quickReplyUpserted(_, let actor, _, _, _) = event.payload { by = actor }
                var touch = batch.quickReplies[reply.id]?.touch ?? Touch(firstAt: at, lastAt: at, firstSeq: seq)
                touch.lastAt = max(touch.lastAt, at)
                batch.quickReplies[reply.id] = (touch, by)
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
                let dialogKey = dialog.map { dialogKeys.key(for: $0) }
                let customerKey = customer.map { customerKeys.key(for: $0) }
                let storeKey = store.map { storeKeys.key(for: $0) }
                let actor = actorKeys(by)
                batch.append(.orders) { row in
                    row.int(key)
                    row.text(order.rawValue)
                    row.text(number)
                    row.int(dialogKey)
                    row.int(customerKey)
                    row.int(storeKey)
                    row.int(actor.user)
                    row.timestamp(at)
                    row.int(seq)
                    row.text(delivery?.type)
                    row.text((delivery?.cost ?? .zero).description)
                    row.text(total.description)
                    row.endRow()
                }
                batch.append(.orderItems) { row in
                    for item in items {
                        row.int(key)
                        row.text(item.offer)
                        row.int(item.quantity)
                        row.text(item.price.description)
                        row.endRow()
                    }
                }
            case .orderStatusChanged(let order, let status, let by):
                let key = orderKeys.key(for: order)
                let actor = actorKeys(by)
                batch.append(.orderStatuses) { row in
                    row.int(key)
                    row.int(seq)
                    row.timestamp(at)
                    row.text(status)
                    row.int(actor.user)
                    row.endRow()
                }
            case .paymentUpserted(let order, let payment, _, _):
                let key = orderKeys.key(for: order)
                batch.append(.orderPayments) { row in
                    row.int(key)
                    row.text(payment.id.rawValue)
                    row.int(seq)
                    row.timestamp(at)
                    row.text(payment.method)
                    row.text(payment.amount.description)
                    row.bool(payment.paid)
                    row.endRow()
                }
            case .taskCreated(let task):
                _ = taskKeys.key(for: task.id)
                batch.tasks.touch(task.id, at: at, seq: seq)
            case .taskCompleted(let task, let by):
                batch.tasks.touch(task, at: at, seq: seq)
                batch.taskCompletedBy[task] = by
            }
        }
    }

    private func statusChange(
        _ dialog: DialogID,
        _ change: String,
        by actor: (kind: String, user: Int64?, bot: Int64?),
        rule: String?,
        _ seq: Int64,
        _ at: Int64,
        _ position: Int
    ) {
        let key = dialogKeys.key(for: dialog)
        batch.dialogs.touch(dialog, at: at, seq: seq)
        batch.append(.dialogStatusChanges) { row in
            row.int(key)
            row.int(seq)
            row.timestamp(at)
            row.text(change)
            row.text(actor.kind)
            row.int(actor.user)
            row.int(actor.bot)
            row.text(rule)
            row.int(position)
            row.endRow()
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
        if !message.attachments.isEmpty {
            batch.append(.messageAttachments) { row in
                for (position, attachment) in message.attachments.enumerated() {
                    row.int(key)
                    row.int(position)
                    row.text(attachment.name)
                    row.int(attachment.size)
                    row.text(attachment.mime)
                    row.endRow()
                }
            }
        }
    }

    func actorKeys(_ actor: EventActor) -> (kind: String, user: Int64?, bot: Int64?) {
        switch actor {
        case .user(let id): ("user", userKeys.key(for: id), nil)
        case .bot(let id): ("bot", nil, botKeys.key(for: id))
        case .system: ("system", nil, nil)
        }
    }

    func responsibleKeys(_ responsible: Responsible) -> (user: Int64?, bot: Int64?) {
        switch responsible {
        case .user(let id): (userKeys.key(for: id), nil)
        case .bot(let id): (nil, botKeys.key(for: id))
        case .none: (nil, nil)
        }
    }
}

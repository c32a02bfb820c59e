extension DomainState {
    func checkNewMessage(_ id: MessageID) throws(Rejection) {
        guard messages[id] == nil else { throw .invalidField("message", "message \"\(id)\" already exists") }
    }

    func checkQuote(_ quote: MessageID?, in dialog: DialogID) throws(Rejection) {
        guard let quote else { return }
        guard let quoted = messages[quote] else { throw .invalidField("quote", "unknown message \"\(quote)\"") }
        guard quoted.dialog == dialog else {
            throw .invalidField("quote", "message \"\(quote)\" belongs to another dialog")
        }
    }

    func checkOutgoing(text: String?, attachments: [MessageAttachment]) throws(Rejection) {
        if let text, TextMeasure.exceedsNonWhitespaceLimit(text, limit: Self.maximumMessageCharacters) {
            throw Rejection(
                .messageTooLong,
                "the text has more than \(Self.maximumMessageCharacters) characters not counting white space"
            )
        }
        var total: Int64 = 0
        for attachment in attachments {
            // Past Int64 the total is certainly over the limit: saturate instead of trapping.
            let (sum, overflow) = total.addingReportingOverflow(attachment.size)
            total = overflow ? .max : sum
        }
        guard total <= Self.maximumAttachmentBytes else {
            throw Rejection(
                .attachmentsTooLarge,
                "attachments total \(total) bytes; at most \(Self.maximumAttachmentBytes) (20 MB) are allowed"
            )
        }
    }

    mutating func receiveMessage(_ incoming: IncomingMessage, context: inout ApplyContext) throws(Rejection) {
        guard channels[incoming.channel] != nil else {
            throw .invalidField("channel", "unknown channel \"\(incoming.channel)\"")
        }
        try checkNewMessage(incoming.message)
        let existing = dialogs[incoming.dialog]
        if let existing {
            guard existing.kind == .customer else {
                throw .invalidField("dialog", "\"\(incoming.dialog)\" is an internal thread, not a customer dialog")
            }
            guard existing.channel == incoming.channel else {
                throw .invalidField(
                    "channel",
                    "dialog \"\(incoming.dialog)\" is on channel \"\(existing.channel?.rawValue ?? "")\""
                )
            }
        }
        try checkQuote(incoming.quote, in: incoming.dialog)
        advanceClock(&context)
        // Read after the clock moved: the closes it materialised may include this dialog's, and
        // the reopen below must then arm a new deadline.
        let wasOpenBefore = dialogs[incoming.dialog]?.isOpen ?? false
        let at = context.at
        let key = ContactKey(channel: incoming.channel, contact: incoming.contact)
        if contacts[key] == nil {
            let contact = ContactState(channel: incoming.channel, contact: incoming.contact)
            contacts[key] = contact
            context.add(.contactUpserted(contact))
        }
        var dialog: DialogState
        if let current = dialogs[incoming.dialog] {
            dialog = current
            if dialog.botBlocked {
                dialog.botBlocked = false
                context.add(.botUnblocked(dialog: dialog.id))
            }
            if !dialog.isOpen {
                // A late message cannot reopen before the close it follows in arrival order.
                // `closedAt` stays the last close: the next automatic close is never before it.
                dialog.isOpen = true
                context.add(
                    .dialogReopened(dialog: dialog.id, message: incoming.message),
                    at: max(at, current.closedAt ?? at)
                )
            }
        } else {
            let pending = settings.requiresPrivacyAcceptance(channel: incoming.channel, createdAt: at)
            let customer = contacts[key]?.customer.map { survivor(of: $0) }
            dialog = DialogState(
                id: incoming.dialog,
                kind: .customer,
                channel: incoming.channel,
                contact: incoming.contact,
                customer: customer,
                openedAt: at,
                privacy: pending ? .pending : .notRequired,
                lastActivityAt: at,
                timerFloor: at
            )
            if let customer { customerDialogs[customer, default: []].append(dialog.id) }
            context.add(
                .dialogOpened(
                    dialog: dialog.id,
                    kind: .customer,
                    channel: incoming.channel,
                    contact: incoming.contact,
                    customer: customer,
                    pendingPrivacy: pending
                )
            )
            if !pending { assignDefaultResponsible(&dialog, context: &context) }
        }
        dialog.lastActivityAt = max(dialog.lastActivityAt, at)
        dialog.unreadCount += 1
        messages[incoming.message] = MessageState(dialog: dialog.id, sender: .customer, status: .delivered)
        context.add(
            .messageStored(
                StoredMessage(
                    message: incoming.message,
                    dialog: dialog.id,
                    sender: .customer(incoming.contact),
                    text: incoming.text,
                    attachments: incoming.attachments,
                    quote: incoming.quote,
                    createdAt: at,
                    status: .delivered
                )
            )
        )
        dialogs[dialog.id] = dialog
        if !wasOpenBefore { scheduleTimer(for: dialog) }
    }

    mutating func acceptPrivacy(_ id: DialogID, context: inout ApplyContext) throws(Rejection) {
        let dialog = try customerDialog(id)
        guard dialog.isPendingPrivacy else {
            throw .invalidField("dialog", "dialog \"\(id)\" is not waiting for a privacy acceptance")
        }
        advanceClock(&context)
        guard var current = dialogs[id] else { return }
        current.privacy = .accepted(at: context.at)
        current.lastActivityAt = max(current.lastActivityAt, context.at)
        context.add(.privacyAccepted(dialog: id))
        if current.responsible == .none { assignDefaultResponsible(&current, context: &context) }
        dialogs[id] = current
        scheduleTimer(for: current)
    }

    mutating func sendMessage(_ outgoing: OutgoingMessage, context: inout ApplyContext) throws(Rejection) {
        guard let dialog = dialogs[outgoing.dialog] else {
            throw Rejection(
                .cannotInitiate,
                "dialog \"\(outgoing.dialog)\" does not exist: a dialog starts with the customer's first message"
            )
        }
        guard dialog.kind == .customer else {
            throw .invalidField("dialog", "\"\(outgoing.dialog)\" is an internal thread; use internal.message")
        }
        try checkActor(outgoing.by, on: dialog, writing: true)
        var text = outgoing.text
        if let id = outgoing.quickReply {
            guard let quickReply = quickReplies[id] else {
                throw .invalidField("quick_reply", "unknown quick reply \"\(id)\"")
            }
            if text == nil {
                text = QuickReplyTemplate.render(quickReply.text, customer: dialog.customer.flatMap { customers[$0] })
            }
        }
        guard (text.map { !$0.isEmpty } ?? false) || !outgoing.attachments.isEmpty else {
            throw .invalidField("text", "a message needs text or attachments")
        }
        try checkOutgoing(text: text, attachments: outgoing.attachments)
        try checkQuote(outgoing.quote, in: outgoing.dialog)
        try checkNewMessage(outgoing.message)
        advanceClock(&context)
        guard var current = dialogs[outgoing.dialog] else { return }
        let sender: MessageSender
        switch outgoing.by {
        case .user(let user): sender = .user(user)
        case .bot(let bot): sender = .bot(bot)
        case .system: sender = .system
        }
        let blocked = current.botBlocked
        let status: DeliveryStatus = blocked ? .failed : .queued
        messages[outgoing.message] = MessageState(
            dialog: current.id,
            sender: sender.kind,
            status: status,
            blockedByContact: blocked
        )
        context.add(
            .messageStored(
                StoredMessage(
                    message: outgoing.message,
                    dialog: current.id,
                    sender: sender,
                    text: text,
                    attachments: outgoing.attachments,
                    quote: outgoing.quote,
                    quickReply: outgoing.quickReply,
                    createdAt: context.at,
                    status: status,
                    failureReason: blocked ? StoredMessage.botBlockedReason : nil
                )
            )
        )
        var rearm = false
        if case .user(let user) = outgoing.by {
            current.unreadCount = 0
            // A send that never reached the customer does not make its sender responsible.
            if !blocked, settings.firstResponderTakesDialog, current.responsible == .none {
                setResponsible(&current, to: .user(user), by: .system, reason: .firstResponder, context: &context)
                rearm = true
            }
            let draft = DraftKey(dialog: current.id, user: user)
            if drafts.remove(draft) != nil { context.add(.draftCleared(dialog: current.id, user: user)) }
        }
        if !blocked { current.lastActivityAt = max(current.lastActivityAt, context.at) }
        dialogs[current.id] = current
        if rearm { scheduleTimer(for: current) }
    }

    mutating func changeStatus(
        _ id: MessageID,
        to status: DeliveryStatus,
        error: String?,
        context: inout ApplyContext
    ) throws(Rejection) {
        guard let message = messages[id] else { throw .invalidField("message", "unknown message \"\(id)\"") }
        // A send stored failed with `bot_blocked` never left: no later status can make it a reply.
        guard !message.blockedByContact else {
            throw .invalidField(
                "message",
                "message \"\(id)\" was stored failed because the contact blocked the bot; its status is final"
            )
        }
        advanceClock(&context)
        messages[id]?.status = status
        context.add(.messageStatusChanged(message: id, status: status, error: error))
    }

    mutating func editMessage(_ id: MessageID, text: String, context: inout ApplyContext) throws(Rejection) {
        guard let message = messages[id] else { throw .invalidField("message", "unknown message \"\(id)\"") }
        guard message.sender != .system else { throw .invalidField("message", "system messages cannot be edited") }
        if message.sender == .user || message.sender == .bot {
            try checkOutgoing(text: text, attachments: [])
        }
        advanceClock(&context)
        context.add(.messageEdited(message: id, text: text))
    }

    mutating func saveDraft(
        _ id: DialogID,
        by user: UserID,
        text: String,
        context: inout ApplyContext
    ) throws(Rejection) {
        let dialog = try customerDialog(id)
        try checkActor(.user(user), on: dialog, writing: true)
        advanceClock(&context)
        let key = DraftKey(dialog: id, user: user)
        if text.isEmpty {
            if drafts.remove(key) != nil { context.add(.draftCleared(dialog: id, user: user)) }
        } else {
            drafts.insert(key)
            context.add(.draftSaved(dialog: id, user: user, text: text))
        }
    }

    mutating func postInternal(
        thread: DialogID,
        by: UserID,
        to recipients: [UserID],
        message: MessageID,
        text: String,
        context: inout ApplyContext
    ) throws(Rejection) {
        _ = try chatUser(by, field: "by")
        for (position, recipient) in recipients.enumerated() where users[recipient] == nil {
            throw .invalidField("to[\(position)]", "unknown user \"\(recipient)\"")
        }
        if let existing = dialogs[thread], existing.kind != .internal {
            throw .invalidField("thread", "\"\(thread)\" is a customer dialog, not an internal thread")
        }
        guard !text.isEmpty else { throw .invalidField("text", "must not be empty") }
        try checkOutgoing(text: text, attachments: [])
        try checkNewMessage(message)
        advanceClock(&context)
        var dialog =
            dialogs[thread]
            ?? DialogState(
                id: thread,
                kind: .internal,
                channel: nil,
                contact: nil,
                openedAt: context.at,
                lastActivityAt: context.at,
                timerFloor: context.at
            )
        if dialogs[thread] == nil {
            context.add(
                .dialogOpened(
                    dialog: thread,
                    kind: .internal,
                    channel: nil,
                    contact: nil,
                    customer: nil,
                    pendingPrivacy: false
                )
            )
        }
        for participant in [by] + recipients where !dialog.participants.contains(participant) {
            dialog.participants.append(participant)
        }
        dialog.lastActivityAt = max(dialog.lastActivityAt, context.at)
        dialogs[thread] = dialog
        messages[message] = MessageState(dialog: thread, sender: .user, status: .sent)
        context.add(.internalMessageStored(thread: thread, message: message, by: by, to: recipients, text: text))
    }
}

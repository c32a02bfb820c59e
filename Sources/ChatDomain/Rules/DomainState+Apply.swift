extension DomainState {
    /// Applies one event under the chat rules.
    ///
    /// The event is checked against the current state first; a rejected event changes nothing
    /// and does not move time. An accepted event first materialises every auto-close whose
    /// deadline is at or before its `at` (those facts carry the deadline as their time, so an
    /// event stamped exactly at a deadline comes after the close), then moves the clock to
    /// `max(clock, at)` (late events keep their own timestamps and never move it) and applies
    /// its effects. Closes are therefore the same whichever later event materialises them.
    ///
    /// ```swift
    /// switch state.apply(event, seq: 42) {
    /// case .accepted(let facts): store.write(facts)
    /// case .rejected(let rejection): rejects.write(event.id, rejection)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - event: a decoded event (duplicates are the store's to filter, see ``EventLedger``).
    ///   - seq: the global ingestion sequence number; every fact carries it.
    /// - Returns: the facts to store, in order, or the rejection.
    /// - Complexity: O(1) amortised dictionary work plus O(log n) per timer touched; merges are
    ///   O(dialogs and orders of the merged customer), settings saves O(channels).
    public mutating func apply(_ event: EventEnvelope, seq: Int64) -> Outcome {
        var context = ApplyContext(seq: seq, at: event.at)
        do throws(Rejection) {
            try apply(event.payload, context: &context)
            return .accepted(context.facts)
        } catch {
            var rejection = error
            rejection.eventID = event.id
            return .rejected(rejection)
        }
    }

    /// Called by every handler once all checks passed and before anything changes.
    mutating func advanceClock(_ context: inout ApplyContext) {
        let now = max(clock, context.at)
        closeDue(upTo: now, into: &context)
        clock = now
    }

    private mutating func apply(_ payload: EventPayload, context: inout ApplyContext) throws(Rejection) {
        switch payload {
        case .storeUpserted(let store, let name):
            advanceClock(&context)
            let state = StoreState(id: store, name: name)
            stores[store] = state
            context.add(.storeUpserted(state))
        case .channelUpserted(let channel, let name, let kind, let store):
            if let store, stores[store] == nil { throw .invalidField("store", "unknown store \"\(store)\"") }
            advanceClock(&context)
            let state = ChannelState(id: channel, name: name, kind: kind, store: store)
            channels[channel] = state
            context.add(.channelUpserted(state))
        case .userUpserted(let user, let name, let chatAccess, let admin, let chatAdmin, let active):
            advanceClock(&context)
            let state = UserState(
                id: user,
                name: name,
                chatAccess: chatAccess,
                admin: admin,
                chatAdmin: chatAdmin,
                active: active
            )
            users[user] = state
            context.add(.userUpserted(state))
        case .botUpserted(let bot, let name):
            advanceClock(&context)
            let state = BotState(id: bot, name: name)
            bots[bot] = state
            context.add(.botUpserted(state))
        case .timeLimits(let by, let channel, let warning, let processing):
            try setTimeLimits(by: by, channel: channel, warning: warning, processing: processing, context: &context)
        case .businessHours(let by, let channel, let hours):
            try setBusinessHours(by: by, channel: channel, hours: hours, context: &context)
        case .chatSettings(let by, let patch):
            try updateChatSettings(by: by, patch: patch, context: &context)
        case .customerUpserted(let customer, let name, let phone, let email, let address, let vip, let bad):
            advanceClock(&context)
            let state = CustomerState(
                id: customer,
                name: name,
                phone: phone,
                email: email,
                address: address,
                vip: vip,
                bad: bad,
                mergedInto: customers[customer]?.mergedInto
            )
            customers[customer] = state
            context.add(.customerUpserted(state))
        case .customerMerged(let by, let customer, let into):
            try mergeCustomer(customer, into: into, by: by, context: &context)
        case .messageReceived(let dialog, let channel, let contact, let message, let text, let attachments, let quote):
            try receiveMessage(
                IncomingMessage(
                    dialog: dialog,
                    channel: channel,
                    contact: contact,
                    message: message,
                    text: text,
                    attachments: attachments,
                    quote: quote
                ),
                context: &context
            )
        case .privacyAccepted(let dialog):
            try acceptPrivacy(dialog, context: &context)
        case .messageSent(let dialog, let message, let by, let text, let attachments, let quote, let quickReply):
            try sendMessage(
                OutgoingMessage(
                    dialog: dialog,
                    message: message,
                    by: by,
                    text: text,
                    attachments: attachments,
                    quote: quote,
                    quickReply: quickReply
                ),
                context: &context
            )
        case .messageStatus(let message, let status, let error):
            try changeStatus(message, to: status, error: error, context: &context)
        case .messageEdited(let message, let text):
            try editMessage(message, text: text, context: &context)
        case .dialogAssigned(let dialog, let to, let by):
            try assign(dialog, to: to, by: by, context: &context)
        case .dialogClosed(let dialog, let by):
            try close(dialog, by: by, context: &context)
        case .contactBlockedBot(let dialog):
            try blockBot(dialog, context: &context)
        case .dialogLinked(let dialog, let customer, let by):
            try link(dialog, to: customer, by: by, context: &context)
        case .draftSaved(let dialog, let by, let text):
            try saveDraft(dialog, by: by, text: text, context: &context)
        case .quickReplyUpserted(let quickReply, let by, let command, let text, let category):
            try upsertQuickReply(
                QuickReplyState(id: quickReply, command: command, text: text, category: category),
                by: by,
                context: &context
            )
        case .orderCreated(let order, let number, let dialog, let customer, let by, let items, let delivery):
            try createOrder(
                NewOrder(
                    order: order,
                    number: number,
                    dialog: dialog,
                    customer: customer,
                    by: by,
                    items: items,
                    delivery: delivery
                ),
                context: &context
            )
        case .orderStatus(let order, let status, let by):
            try changeOrderStatus(order, to: status, by: by, context: &context)
        case .orderPayment(let order, let payment, let method, let amount, let paid):
            try upsertPayment(
                order,
                PaymentState(id: payment, method: method, amount: amount, paid: paid),
                context: &context
            )
        case .taskCreated(let task, let by, let text, let due, let responsible, let subject):
            try createTask(
                TaskState(
                    id: task,
                    text: text,
                    due: due,
                    responsible: responsible,
                    subject: subject,
                    author: by,
                    createdAt: context.at
                ),
                context: &context
            )
        case .taskCompleted(let task, let by):
            try completeTask(task, by: by, context: &context)
        case .internalMessage(let thread, let by, let to, let message, let text):
            try postInternal(thread: thread, by: by, to: to, message: message, text: text, context: &context)
        case .clockTick:
            advanceClock(&context)
        }
    }
}

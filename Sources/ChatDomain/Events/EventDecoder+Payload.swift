extension EventDecoder {
    /// Reads the fields of one event type.
    static func payload(_ type: EventType, _ fields: EventFields) throws(Rejection) -> EventPayload {
        switch type {
        case .storeUpserted:
            return .storeUpserted(store: StoreID(try fields.identifier("store")), name: try fields.string("name"))
        case .channelUpserted:
            return .channelUpserted(
                channel: ChannelID(try fields.identifier("channel")),
                name: try fields.string("name"),
                kind: try fields.enumeration("kind", ChannelKind.self),
                store: try fields.optionalIdentifier("store").map { StoreID($0) }
            )
        case .userUpserted:
            return .userUpserted(
                user: UserID(try fields.identifier("user")),
                name: try fields.string("name"),
                chatAccess: try fields.bool("chat_access"),
                admin: try fields.bool("admin"),
                chatAdmin: try fields.bool("chat_admin"),
                active: try fields.bool("active")
            )
        case .botUpserted:
            return .botUpserted(bot: BotID(try fields.identifier("bot")), name: try fields.string("name"))
        case .timeLimits:
            return .timeLimits(
                by: try fields.actor("by"),
                channel: try fields.optionalIdentifier("channel").map { ChannelID($0) },
                warningSeconds: try fields.optionalInteger("warning_s"),
                processingSeconds: try fields.optionalInteger("processing_s")
            )
        case .businessHours:
            return .businessHours(
                by: try fields.actor("by"),
                channel: try fields.optionalIdentifier("channel").map { ChannelID($0) },
                hours: try businessHours(fields)
            )
        case .chatSettings:
            return .chatSettings(by: try fields.actor("by"), patch: try chatSettingsPatch(fields))
        case .customerUpserted:
            return .customerUpserted(
                customer: CustomerID(try fields.identifier("customer")),
                name: try fields.optionalString("name"),
                phone: try fields.optionalString("phone"),
                email: try fields.optionalString("email"),
                address: try fields.optionalString("address"),
                vip: try fields.optionalBool("vip") ?? false,
                bad: try fields.optionalBool("bad") ?? false
            )
        case .customerMerged:
            return .customerMerged(
                by: try fields.actor("by"),
                customer: CustomerID(try fields.identifier("customer")),
                into: CustomerID(try fields.identifier("into"))
            )
        case .messageReceived:
            return .messageReceived(
                dialog: DialogID(try fields.identifier("dialog")),
                channel: ChannelID(try fields.identifier("channel")),
                contact: ContactID(try fields.identifier("contact")),
                message: MessageID(try fields.identifier("message")),
                text: try fields.optionalString("text"),
                attachments: try attachments(fields),
                quote: try fields.optionalIdentifier("quote").map { MessageID($0) }
            )
        case .privacyAccepted:
            return .privacyAccepted(dialog: DialogID(try fields.identifier("dialog")))
        case .messageSent:
            return .messageSent(
                dialog: DialogID(try fields.identifier("dialog")),
                message: MessageID(try fields.identifier("message")),
                by: try fields.actor("by", allowed: [.user, .bot]),
                text: try fields.optionalString("text"),
                attachments: try attachments(fields),
                quote: try fields.optionalIdentifier("quote").map { MessageID($0) },
                quickReply: try fields.optionalIdentifier("quick_reply").map { QuickReplyID($0) }
            )
        case .messageStatus:
            let status = try fields.enumeration("status", DeliveryStatus.self)
            guard status != .queued else { throw .invalidField("status", "\"queued\" is not a status change") }
            return .messageStatus(
                message: MessageID(try fields.identifier("message")),
                status: status,
                error: try fields.optionalString("error")
            )
        case .messageEdited:
            return .messageEdited(message: MessageID(try fields.identifier("message")), text: try fields.string("text"))
        case .dialogAssigned:
            return .dialogAssigned(
                dialog: DialogID(try fields.identifier("dialog")),
                to: try fields.responsible("to"),
                by: try fields.actor("by")
            )
        case .dialogClosed:
            return .dialogClosed(dialog: DialogID(try fields.identifier("dialog")), by: try fields.actor("by"))
        case .contactBlockedBot:
            return .contactBlockedBot(dialog: DialogID(try fields.identifier("dialog")))
        case .dialogLinked:
            return .dialogLinked(
                dialog: DialogID(try fields.identifier("dialog")),
                customer: CustomerID(try fields.identifier("customer")),
                by: try fields.actor("by")
            )
        case .draftSaved:
            guard case .user(let user) = try fields.actor("by", allowed: [.user]) else {
                throw .invalidField("by", "must be a user")
            }
            return .draftSaved(
                dialog: DialogID(try fields.identifier("dialog")),
                by: user,
                text: try fields.optionalString("text") ?? ""
            )
        case .quickReplyUpserted:
            return .quickReplyUpserted(
                quickReply: QuickReplyID(try fields.identifier("quick_reply")),
                by: try fields.actor("by"),
                command: try fields.identifier("command"),
                text: try fields.string("text"),
                category: try fields.optionalString("category")
            )
        case .orderCreated:
            return try orderCreated(fields)
        case .orderStatus:
            return .orderStatus(
                order: OrderID(try fields.identifier("order")),
                status: try fields.identifier("status"),
                by: try fields.actor("by")
            )
        case .orderPayment:
            return .orderPayment(
                order: OrderID(try fields.identifier("order")),
                payment: PaymentID(try fields.identifier("payment")),
                method: try fields.optionalString("method"),
                amount: try fields.money("amount"),
                paid: try fields.bool("paid")
            )
        case .taskCreated:
            let order = try fields.optionalIdentifier("order").map { OrderID($0) }
            let customer = try fields.optionalIdentifier("customer").map { CustomerID($0) }
            if order != nil && customer != nil {
                throw .invalidField("customer", "a task is bound to an order or a customer, not both")
            }
            let subject: TaskSubject? = order.map(TaskSubject.order) ?? customer.map(TaskSubject.customer)
            return .taskCreated(
                task: TaskID(try fields.identifier("task")),
                by: try fields.actor("by"),
                text: try fields.string("text"),
                due: try fields.optionalTimestamp("due"),
                responsible: try fields.optionalIdentifier("responsible").map { UserID($0) },
                subject: subject
            )
        case .taskCompleted:
            return .taskCompleted(task: TaskID(try fields.identifier("task")), by: try fields.actor("by"))
        case .internalMessage:
            guard case .user(let user) = try fields.actor("by", allowed: [.user]) else {
                throw .invalidField("by", "must be a user")
            }
            let recipients = try internalRecipients(fields)
            return .internalMessage(
                thread: DialogID(try fields.identifier("thread")),
                by: user,
                to: recipients.map { UserID($0) },
                message: MessageID(try fields.identifier("message")),
                text: try fields.string("text")
            )
        case .clockTick:
            return .clockTick
        }
    }

    /// `to` of an internal message: a user written as an actor, like `by` (`{"user": "u2"}`), an
    /// array of such actors, or `null`/omitted for a thread post without addressees.
    private static func internalRecipients(_ fields: EventFields) throws(Rejection) -> [String] {
        func recipient(_ value: JSONValue, field: String) throws(Rejection) -> String {
            if case .user(let id)? = EventFields.actor(from: value) { return id.rawValue }
            throw .invalidField(field, #"must be {"user": "<id>"}"#)
        }
        switch fields.raw("to") {
        case nil, .null?: return []
        case .array(let elements)?:
            var result: [String] = []
            for (position, element) in elements.enumerated() {
                result.append(try recipient(element, field: "to[\(position)]"))
            }
            return result
        case let value?: return [try recipient(value, field: "to")]
        }
    }

    /// The attachments of a message; their sizes must add up to a number of bytes `Int64` holds,
    /// so the 20 MB rule (and any later sum) never overflows.
    private static func attachments(_ fields: EventFields) throws(Rejection) -> [MessageAttachment] {
        var result: [MessageAttachment] = []
        var total: Int64 = 0
        for item in try fields.objects("attachments", optional: true) {
            let size = try item.integer("size")
            guard size >= 0 else { throw .invalidField(item.prefix + "size", "\(size) must not be negative") }
            let (sum, overflow) = total.addingReportingOverflow(size)
            guard !overflow else {
                throw .invalidField(
                    item.prefix + "size",
                    "\(size) brings the message's attachments over \(Int64.max) bytes in total"
                )
            }
            total = sum
            result.append(
                MessageAttachment(
                    name: try item.string("name"),
                    size: size,
                    mime: try item.optionalString("mime") ?? ""
                )
            )
        }
        return result
    }

    private static func orderCreated(_ fields: EventFields) throws(Rejection) -> EventPayload {
        let number: String
        switch fields.raw("number") {
        case .number(let lexeme)?: number = lexeme
        default: number = try fields.identifier("number")
        }
        var items: [OrderLine] = []
        for item in try fields.objects("items", optional: false) {
            let quantity = try item.integer("quantity")
            guard quantity > 0 else {
                throw .invalidField(item.prefix + "quantity", "\(quantity) must be at least 1")
            }
            guard quantity <= OrderLine.maximumQuantity else {
                throw .invalidField(
                    item.prefix + "quantity",
                    "\(quantity) is more than the largest quantity, \(OrderLine.maximumQuantity)"
                )
            }
            items.append(
                OrderLine(offer: try item.identifier("offer"), quantity: quantity, price: try item.money("price"))
            )
        }
        let delivery = try fields.optionalObject("delivery").map { (object) throws(Rejection) in
            Delivery(type: try object.optionalString("type"), cost: try object.money("cost"))
        }
        return .orderCreated(
            order: OrderID(try fields.identifier("order")),
            number: number,
            dialog: try fields.optionalIdentifier("dialog").map { DialogID($0) },
            customer: try fields.optionalIdentifier("customer").map { CustomerID($0) },
            by: try fields.actor("by"),
            items: items,
            delivery: delivery
        )
    }

    private static func chatSettingsPatch(_ fields: EventFields) throws(Rejection) -> ChatSettingsPatch {
        var patch = ChatSettingsPatch()
        if let value = fields.raw("auto_close_assigned_s") {
            if case .null = value {
                patch.autoCloseAssignedSeconds = .some(nil)
            } else {
                guard let seconds = try fields.optionalInteger("auto_close_assigned_s"), seconds > 0 else {
                    throw .invalidField("auto_close_assigned_s", "must be a positive number of seconds or null")
                }
                patch.autoCloseAssignedSeconds = .some(seconds)
            }
        }
        patch.defaultResponsible = try fields.strings("default_responsible", optional: true)?.map { UserID($0) }
        if let privacy = try fields.optionalObject("privacy_policy") {
            patch.privacyEnabled = try privacy.optionalBool("enabled")
            patch.privacyText = try privacy.optionalString("text")
            patch.privacyURL = try privacy.optionalString("url")
            patch.privacyExcludedChannels = try privacy.strings("excluded_channels", optional: true)?
                .map { ChannelID($0) }
        }
        if let widgets = try fields.optionalObject("widgets") {
            patch.widgetOrder = try widgets.optionalBool("order")
            patch.widgetProducts = try widgets.optionalBool("products")
            patch.widgetTasks = try widgets.optionalBool("tasks")
        }
        patch.orderMethod = try fields.optionalString("order_method")
        patch.orderType = try fields.optionalString("order_type")
        patch.firstResponderTakesDialog = try fields.optionalBool("first_responder_takes_dialog")
        patch.botRepliesStopClock = try fields.optionalBool("bot_replies_stop_clock")
        if fields.raw("clock_start") != nil, try fields.optionalString("clock_start") != nil {
            patch.clockStart = try fields.enumeration("clock_start", ClockStartPolicy.self)
        }
        return patch
    }
}

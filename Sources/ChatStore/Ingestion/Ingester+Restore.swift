import ChatDomain
import Foundation
import PostgresClient

extension Ingester {
    /// Rebuilds the domain state and the key maps from the tables (see `queries/ingest/restore.sql`).
    ///
    /// Always: `ingest_state`, the largest key of each entity table, and the small tables held
    /// whole (stores, channels, users, bots, quick replies, the settings histories). With
    /// ``StateLoading/wholeHistory`` also one streamed pass over customers, contacts, dialogs (with
    /// former responsibles and participants), drafts, orders with their last status and payments
    /// and tasks: measured 0.7 s for 20k dialogs, linear in dialogs. With
    /// ``StateLoading/onDemand`` each batch loads what it reaches (`loadWorkingSet`). Messages are
    /// never read here: a batch loads those it references.
    func restore() throws {
        try restoreHead()
        try restoreSmallTables()
        if stateLoading == .wholeHistory { try restoreReached(prefix: "") }
        // Scalars last: inserting dialogs schedules timers, which must not depend on them.
        state.clock = clockAtStart
        state.restoredTimerFloor = clockAtStart
        state.roundRobinCursor = cursorAtStart
        loaded = RetainedEntities()
    }

    /// `ingest_state`, and the key counters above every stored row.
    private func restoreHead() throws {
        let head = try reader.query(PostgresQuery(sql: try reads("ingest_state")))
        guard head.count == 1, let clock = head[0, 0].flatMap({ Int64($0) }),
            let seq = head[0, 1].flatMap({ Int64($0) }),
            let cursor = head[0, 2].flatMap({ Int($0) }),
            let maxMessage = head[0, 3].flatMap({ Int64($0) }),
            let eventCount = head[0, 4].flatMap({ Int64($0) })
        else {
            throw StoreError.storedDataUnreadable(
                "ingest_state is missing or unreadable",
                remedy: "run chatsla migrate"
            )
        }
        lastSeq = seq
        clockAtStart = clock
        cursorAtStart = cursor
        eventsBeforeStart = eventCount > 0
        runIDs = eventsBeforeStart ? nil : EventIDFilter()
        messagesBeforeStart = maxMessage > 0
        messageKeys.reserve(through: maxMessage)
        let maxKeys = try reader.query(PostgresQuery(sql: try loads("max_keys")))
        func maxKey(_ column: Int) throws -> Int64 {
            guard maxKeys.count == 1, let key = maxKeys[0, column].flatMap({ Int64($0) }) else {
                throw StoreError.storedDataUnreadable(
                    "the largest keys of the entity tables are unreadable",
                    remedy: "run chatsla migrate"
                )
            }
            return key
        }
        customerKeys.reserve(through: try maxKey(0))
        contactKeys.reserve(through: try maxKey(1))
        dialogKeys.reserve(through: try maxKey(2))
        heldDialogKeysFrom = dialogKeys.next
        orderKeys.reserve(through: try maxKey(3))
        taskKeys.reserve(through: try maxKey(4))
    }

    /// Stores, channels, users, bots, quick replies and the settings histories: small, held whole.
    private func restoreSmallTables() throws {
        try restoreStores()
        try restoreChannels()
        try restoreUsers()
        try restoreBots()
        try restoreQuickReplies()
        try restoreTimeLimits()
        try restoreChatSettings()
    }

    /// The rows a batch can reach, from restore.sql (`prefix` "") or load.sql (`prefix` "load_"):
    /// customers, contacts, dialogs with their drafts, orders with their payments, tasks.
    func restoreReached(prefix: String) throws {
        try restoreCustomers(prefix + "customers")
        try restoreContacts(prefix + "contacts")
        try restoreDialogs(prefix + "dialogs")
        try restoreDrafts(prefix + "drafts")
        try restoreOrders(prefix + "orders", payments: prefix + "payments")
        try restoreTasks(prefix + "tasks")
    }

    private func restoreStores() throws {
        try stream("stores") { row in
            let key = try row.readInt64()
            let id = StoreID(try row.readString())
            storeKeys.restore(id, key: key)
            state.insert(StoreState(id: id, name: try row.readString()))
        }
    }

    private func restoreChannels() throws {
        try stream("channels") { row in
            let key = try row.readInt64()
            let id = ChannelID(try row.readString())
            channelKeys.restore(id, key: key)
            let name = try row.readString()
            guard let kind = ChannelKind(rawValue: try row.readString()) else {
                throw StoreError.storedDataUnreadable("bad channel kind")
            }
            state.insert(
                ChannelState(
                    id: id,
                    name: name,
                    kind: kind,
                    store: try row.readOptionalString().map { StoreID(rawValue: $0) }
                )
            )
        }
    }

    private func restoreUsers() throws {
        try stream("users") { row in
            let key = try row.readInt64()
            let id = UserID(try row.readString())
            userKeys.restore(id, key: key)
            state.insert(
                UserState(
                    id: id,
                    name: try row.readString(),
                    chatAccess: try row.readBool(),
                    admin: try row.readBool(),
                    chatAdmin: try row.readBool(),
                    active: try row.readBool()
                )
            )
        }
    }

    private func restoreBots() throws {
        try stream("bots") { row in
            let key = try row.readInt64()
            let id = BotID(try row.readString())
            botKeys.restore(id, key: key)
            state.insert(BotState(id: id, name: try row.readString()))
        }
    }

    private func restoreQuickReplies() throws {
        try stream("quick_replies") { row in
            let key = try row.readInt64()
            let id = QuickReplyID(try row.readString())
            quickReplyKeys.restore(id, key: key)
            state.insert(
                QuickReplyState(
                    id: id,
                    command: try row.readString(),
                    text: try row.readString(),
                    category: try row.readOptionalString()
                )
            )
        }
    }

    private func restoreTimeLimits() throws {
        try stream("time_limits") { row in
            let channel = try row.readOptionalString().map { ChannelID(rawValue: $0) }
            let warning = try row.readOptionalInt64()
            let processing = try row.readInt64()
            let effectiveAt = try row.readInt64()
            let seq = try row.readInt64()
            state.insert(
                TimeLimitSetting(
                    channel: channel,
                    warningSeconds: warning,
                    processingSeconds: processing,
                    effectiveAt: effectiveAt,
                    seq: seq
                )
            )
        }
    }

    private func restoreChatSettings() throws {
        try stream("chat_settings") { row in
            let effectiveAt = try row.readInt64()
            let by = Self.actor(user: try row.readOptionalString(), bot: nil)
            var settings = ChatSettings()
            settings.autoCloseAssignedSeconds = try row.readOptionalInt64()
            settings.defaultResponsible = Self.list(try row.readOptionalString()).map { UserID(rawValue: $0) }
            settings.privacyPolicy.enabled = try row.readBool()
            settings.privacyPolicy.text = try row.readOptionalString()
            settings.privacyPolicy.url = try row.readOptionalString()
            settings.privacyPolicy.excludedChannels = Self.list(try row.readOptionalString()).map {
                ChannelID(rawValue: $0)
            }
            settings.privacyPolicy.enabledSince = try row.readOptionalInt64()
            settings.widgets.order = try row.readBool()
            settings.widgets.products = try row.readBool()
            settings.widgets.tasks = try row.readBool()
            settings.orderMethod = try row.readOptionalString()
            settings.orderType = try row.readOptionalString()
            settings.firstResponderTakesDialog = try row.readBool()
            settings.botRepliesStopClock = try row.readBool()
            settings.clockStart = ClockStartPolicy(rawValue: try row.readString()) ?? .lastCustomerMessage
            state.insert(ChatSettingsVersion(settings: settings, effectiveAt: effectiveAt, by: by))
        }
    }

    /// Customers from the statement `name` (restore.sql or load.sql); rows already held are kept
    /// as they are in memory (they may hold changes not yet committed).
    func restoreCustomers(_ name: String) throws {
        try stream(name) { row in
            let key = try row.readInt64()
            let id = CustomerID(try row.readString())
            loaded.customers.insert(id)
            guard state.customers[id] == nil else { return }
            customerKeys.restore(id, key: key)
            state.insert(
                CustomerState(
                    id: id,
                    name: try row.readOptionalString(),
                    phone: try row.readOptionalString(),
                    email: try row.readOptionalString(),
                    address: try row.readOptionalString(),
                    vip: try row.readBool(),
                    bad: try row.readBool(),
                    mergedInto: try row.readOptionalString().map { CustomerID(rawValue: $0) }
                )
            )
        }
    }

    func restoreContacts(_ name: String) throws {
        try stream(name) { row in
            let key = try row.readInt64()
            let contact = ContactState(
                channel: ChannelID(try row.readString()),
                contact: ContactID(try row.readString()),
                customer: try row.readOptionalString().map { CustomerID(rawValue: $0) }
            )
            loaded.contacts.insert(contact.key)
            guard state.contacts[contact.key] == nil else { return }
            contactKeys.restore(contact.key, key: key)
            state.insert(contact)
        }
    }

    /// Drafts of the dialogs that `restoreDialogs` just inserted (a held dialog's drafts are in memory).
    func restoreDrafts(_ name: String) throws {
        try stream(name) { row in
            let dialog = DialogID(try row.readString())
            guard freshDialogs.contains(dialog) else { return }
            state.insert(draft: DraftKey(dialog: dialog, user: UserID(try row.readString())))
        }
        freshDialogs.removeAll(keepingCapacity: true)
    }

    func restoreTasks(_ name: String) throws {
        try stream(name) { row in
            let key = try row.readInt64()
            let id = TaskID(try row.readString())
            loaded.tasks.insert(id)
            guard state.tasks[id] == nil else { return }
            taskKeys.restore(id, key: key)
            let text = try row.readString()
            let due = try row.readOptionalInt64()
            let responsible = try row.readOptionalString().map { UserID(rawValue: $0) }
            let order = try row.readOptionalString().map { OrderID(rawValue: $0) }
            let customer = try row.readOptionalString().map { CustomerID(rawValue: $0) }
            let author = Self.actor(user: try row.readOptionalString(), bot: try row.readOptionalString())
            let subject: TaskSubject? = order.map { .order($0) } ?? customer.map { .customer($0) }
            state.insert(
                TaskState(
                    id: id,
                    text: text,
                    due: due,
                    responsible: responsible,
                    subject: subject,
                    author: author,
                    createdAt: try row.readInt64(),
                    completedAt: try row.readOptionalInt64()
                )
            )
        }
    }

    func restoreDialogs(_ name: String) throws {
        try stream(name) { row in
            let key = try row.readInt64()
            let id = DialogID(try row.readString())
            loaded.dialogs.insert(id)
            guard state.dialogs[id] == nil else { return }
            freshDialogs.insert(id)
            dialogKeys.restore(id, key: key)
            guard let kind = DialogKind(rawValue: try row.readString()) else {
                throw StoreError.storedDataUnreadable("bad dialog kind")
            }
            let channel = try row.readOptionalString().map { ChannelID(rawValue: $0) }
            let contact = try row.readOptionalString().map { ContactID(rawValue: $0) }
            let customer = try row.readOptionalString().map { CustomerID(rawValue: $0) }
            let isOpen = try row.readBool()
            let openedAt = try row.readOptionalInt64() ?? 0
            let closedAt = try row.readOptionalInt64()
            let privacyText = try row.readString()
            let acceptedAt = try row.readOptionalInt64()
            let privacy: PrivacyState =
                switch privacyText {
                case "pending": .pending
                case "accepted": .accepted(at: acceptedAt ?? openedAt)
                default: .notRequired
                }
            let botBlocked = try row.readBool()
            let user = try row.readOptionalString()
            let bot = try row.readOptionalString()
            let responsible: Responsible = user.map { .user(UserID($0)) } ?? bot.map { .bot(BotID($0)) } ?? .none
            let lastActivity = try row.readOptionalInt64() ?? openedAt
            let unread = Int(try row.readInt64())
            let former = Self.list(try row.readOptionalString()).map { UserID(rawValue: $0) }
            let participants = Self.list(try row.readOptionalString()).map { UserID(rawValue: $0) }
            state.insert(
                DialogState(
                    id: id,
                    kind: kind,
                    channel: channel,
                    contact: contact,
                    customer: customer,
                    isOpen: isOpen,
                    openedAt: openedAt,
                    closedAt: closedAt,
                    privacy: privacy,
                    botBlocked: botBlocked,
                    responsible: responsible,
                    formerResponsibles: former,
                    lastActivityAt: lastActivity,
                    unreadCount: unread,
                    participants: participants
                )
            )
        }
    }

    func restoreOrders(_ name: String, payments paymentsName: String) throws {
        var orders: [OrderID: OrderState] = [:]
        var order: [OrderID] = []
        try stream(name) { row in
            let key = try row.readInt64()
            let id = OrderID(try row.readString())
            loaded.orders.insert(id)
            guard state.orders[id] == nil else { return }
            orderKeys.restore(id, key: key)
            let number = try row.readString()
            let dialog = try row.readOptionalString().map { DialogID(rawValue: $0) }
            let customer = try row.readOptionalString().map { CustomerID(rawValue: $0) }
            let store = try row.readOptionalString().map { StoreID(rawValue: $0) }
            guard let total = Money(parsing: try row.readString()) else {
                throw StoreError.storedDataUnreadable("bad order total")
            }
            let status = try row.readOptionalString()
            orders[id] = OrderState(
                id: id,
                number: number,
                dialog: dialog,
                customer: customer,
                store: store,
                total: total,
                status: status
            )
            order.append(id)
        }
        try stream(paymentsName) { row in
            let id = OrderID(try row.readString())
            let payment = PaymentID(try row.readString())
            let method = try row.readOptionalString()
            guard let amount = Money(parsing: try row.readString()) else {
                throw StoreError.storedDataUnreadable("bad payment amount")
            }
            orders[id]?.payments.append(
                PaymentState(id: payment, method: method, amount: amount, paid: try row.readBool())
            )
        }
        for id in order { if let value = orders[id] { state.insert(value) } }
    }

    private func stream(_ name: String, _ body: (inout TextCopyRow) throws -> Void) throws {
        try reader.copyOutText(try name.hasPrefix("load_") ? loads(name) : reads(name), body)
    }

    static func actor(user: String?, bot: String?) -> EventActor {
        if let user { return .user(UserID(user)) }
        if let bot { return .bot(BotID(bot)) }
        return .system
    }

    /// A list joined with U+001F by the restore queries.
    static func list(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
    }
}

extension TextCopyRow {
    mutating func readBool() throws -> Bool { try readString() == "t" }
}

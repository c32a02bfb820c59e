import ChatDomain
import PostgresClient

extension ReportExtraction {
    /// Streams the orders created from a chat by `as_of`, with status and paid amount as of then,
    /// in no particular order: the history's (``collectHistoryOrders()``), or for a period
    /// (`period_chat_orders.sql`) those of this connection's share that the period's figures can
    /// use: created in the period, or from one of `dialogs` that can open in it (the dialogs this
    /// connection read with an order by `as_of`, ``CollectedFacts/dialogsWithOrders``; those
    /// orders come without a channel, ``DialogFactGroups/completingChannels(_:)``).
    /// - Returns: the orders streamed.
    @discardableResult
    public func streamChatOrders(
        ofDialogs dialogs: [DialogWithOrders] = [],
        _ body: (ExtractedOrder) throws -> Void
    ) throws -> Int {
        guard let period else {
            let orders = try collectHistoryOrders()
            for order in orders { try body(order) }
            return orders.count
        }
        let cohort = dialogs.filter { $0.canOpen(in: period) }.map { String($0.key) }
        let list = "{" + cohort.joined(separator: ",") + "}"
        try connection.query(
            PostgresQuery(sql: "SELECT set_config('chatsla.order_dialogs', $1, false)", binds: [list.postgresBind])
        )
        let sql = try QueryFiles.text("extraction/period_chat_orders.sql")
        return try connection.copyOutBinary("COPY (\(sql)) TO STDOUT (FORMAT binary)") { row in
            let order = ExtractedOrder(
                key: try row.readInt64(),
                sourceID: try row.readString(),
                dialog: try row.readOptionalInt64(),
                channel: try row.readOptionalInt64(),
                store: try row.readOptionalInt64(),
                createdBy: try row.readOptionalInt64(),
                createdAt: try row.readTimestamp(),
                seq: try row.readInt64(),
                total: Money(cents: try row.readInt64()),
                statusAsOf: try row.readOptionalString(),
                paidAmount: Money(cents: try row.readInt64())
            )
            try body(order)
        }
    }

    /// Every chat order by `as_of` (`chat_orders.sql`: the orders, their statuses and their payment
    /// versions read raw), with its latest status by `as_of` and the sum of its payments whose
    /// latest version by then is marked paid; the channel is left to the dialog's header
    /// (``DialogFactGroups/completingChannels(_:)``).
    /// - Complexity: O(orders + statuses + payment versions) time, O(orders + payments) memory.
    func collectHistoryOrders() throws -> [ExtractedOrder] {
        let queries = try Self.orderQueries.get()
        var orders: [ExtractedOrder] = []
        try connection.copyOutBinary(try queries("orders")) { row in
            orders.append(
                ExtractedOrder(
                    key: try row.readInt64(),
                    sourceID: try row.readString(),
                    dialog: try row.readOptionalInt64(),
                    channel: nil,
                    store: try row.readOptionalInt64(),
                    createdBy: try row.readOptionalInt64(),
                    createdAt: try row.readTimestamp(),
                    seq: try row.readInt64(),
                    total: Money(cents: try row.readInt64()),
                    statusAsOf: nil,
                    paidAmount: Money(cents: 0)
                )
            )
        }
        let slots = KeySlots(keys: orders.map(\.key))
        // The latest status of each chat order: its (at, seq).
        var latestStatus = [(at: Int64, seq: Int64)?](repeating: nil, count: orders.count)
        try connection.copyOutBinary(try queries("statuses")) { row in
            guard let slot = slots.slot(of: try row.readInt64()) else { return }
            let version = (at: try row.readTimestamp(), seq: try row.readInt64())
            if let latest = latestStatus[slot], (latest.at, latest.seq) > (version.at, version.seq) { return }
            latestStatus[slot] = version
            orders[slot].statusAsOf = try row.readString()
        }
        // The latest version of each payment of a chat order: an order's first payment in place
        // (most orders have one), any other by order and id.
        var firstPayments = [PaymentVersion?](repeating: nil, count: orders.count)
        var otherPayments: [PaymentKey: PaymentVersion] = [:]
        try connection.copyOutBinary(try queries("payments")) { row in
            guard let slot = slots.slot(of: try row.readInt64()) else { return }
            let version = PaymentVersion(
                id: try row.readString(),
                at: try row.readTimestamp(),
                seq: try row.readInt64(),
                cents: try row.readInt64(),
                paid: try row.readBool()
            )
            guard let first = firstPayments[slot] else {
                firstPayments[slot] = version
                return
            }
            if first.id == version.id {
                if !first.isLater(than: version) { firstPayments[slot] = version }
                return
            }
            let key = PaymentKey(slot: slot, payment: version.id)
            if let latest = otherPayments[key], latest.isLater(than: version) { return }
            otherPayments[key] = version
        }
        var paid = [Int64](repeating: 0, count: orders.count)
        for (slot, version) in firstPayments.enumerated() {
            if let version, version.paid { paid[slot] += version.cents }
        }
        for (key, version) in otherPayments where version.paid { paid[key.slot] += version.cents }
        for slot in orders.indices { orders[slot].paidAmount = Money(cents: paid[slot]) }
        return orders
    }

    /// A version of a payment: its id, instant, seq, amount in cents, and whether it is paid.
    private struct PaymentVersion {
        let id: String
        let at: Int64
        let seq: Int64
        let cents: Int64
        let paid: Bool

        /// Whether this version comes after `other` (greater instant, then seq).
        func isLater(than other: PaymentVersion) -> Bool { (at, seq) > (other.at, other.seq) }
    }

    /// A payment of a chat order: the order's position, and the payment's id.
    private struct PaymentKey: Hashable {
        let slot: Int
        let payment: String
    }

    /// `chat_orders.sql`, read once per process.
    private static let orderQueries = Result { try NamedQueries("extraction/chat_orders.sql") }
}

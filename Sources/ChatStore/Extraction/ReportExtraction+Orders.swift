import ChatDomain
import PostgresClient

extension ReportExtraction {
    /// Streams the orders created from a chat by `as_of`, with status and paid amount as of then:
    /// the period's (`period_chat_orders.sql`, one statement over the orders the period can use) or
    /// the history's (``collectHistoryOrders()``), in no particular order.
    @discardableResult
    public func streamChatOrders(_ body: (ExtractedOrder) throws -> Void) throws -> Int {
        guard period != nil else {
            let orders = try collectHistoryOrders()
            for order in orders { try body(order) }
            return orders.count
        }
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
        var slots: [Int64: Int] = [:]
        try connection.copyOutBinary(try queries("orders")) { row in
            let key = try row.readInt64()
            slots[key] = orders.count
            orders.append(
                ExtractedOrder(
                    key: key,
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
        // The latest status of each chat order: its (at, seq).
        var latestStatus = [(at: Int64, seq: Int64)?](repeating: nil, count: orders.count)
        try connection.copyOutBinary(try queries("statuses")) { row in
            guard let slot = slots[try row.readInt64()] else { return }
            let version = (at: try row.readTimestamp(), seq: try row.readInt64())
            if let latest = latestStatus[slot], (latest.at, latest.seq) > (version.at, version.seq) { return }
            latestStatus[slot] = version
            orders[slot].statusAsOf = try row.readString()
        }
        // The latest version of each payment of a chat order.
        var payments: [PaymentKey: (at: Int64, seq: Int64, cents: Int64, paid: Bool)] = [:]
        try connection.copyOutBinary(try queries("payments")) { row in
            let order = try row.readInt64()
            guard let slot = slots[order] else { return }
            let key = PaymentKey(slot: slot, payment: try row.readString())
            let version = (at: try row.readTimestamp(), seq: try row.readInt64(), cents: Int64(0), paid: false)
            if let latest = payments[key], (latest.at, latest.seq) > (version.at, version.seq) { return }
            payments[key] = (version.at, version.seq, try row.readInt64(), try row.readBool())
        }
        var paid = [Int64](repeating: 0, count: orders.count)
        for (key, version) in payments where version.paid { paid[key.slot] += version.cents }
        for slot in orders.indices { orders[slot].paidAmount = Money(cents: paid[slot]) }
        return orders
    }

    /// A payment of a chat order: the order's position, and the payment's id.
    private struct PaymentKey: Hashable {
        let slot: Int
        let payment: String
    }

    /// `chat_orders.sql`, read once per process.
    private static let orderQueries = Result { try NamedQueries("extraction/chat_orders.sql") }
}

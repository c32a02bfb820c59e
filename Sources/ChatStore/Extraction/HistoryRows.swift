import PostgresClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReportExtraction {
    /// This worker's share of every customer dialog's facts up to `asOf`
    /// (`queries/extraction/dialog_facts.sql`): the server streams the block range of the fact
    /// logs as they lie on disk, one row per dialog with its header, and the rules that turn
    /// records into facts run here, as each row arrives.
    ///
    /// The session must be set by ``setAsOf(_:worker:of:blocks:)`` to the same `asOf`.
    /// - Complexity: O(records of the worker's block range).
    func collectHistoryFacts(asOf: Int64) throws -> CollectedFacts {
        let queries = try Self.historyQueries.get()
        var collected = CollectedFacts()
        try connection.copyOutBinary(try queries("logs")) { row in
            try collected.readLogRow(&row, asOf: asOf)
        }
        return collected
    }
}

extension ReportExtraction {
    /// `dialog_facts.sql`, read once per process (every worker of every report reads it).
    private static let historyQueries = Result { try NamedQueries("extraction/dialog_facts.sql") }
}

extension CollectedFacts {
    /// `dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at, facts`, a row of
    /// `dialog_facts.sql`'s `logs` or of `period_dialog_facts.sql`: a customer dialog's header and,
    /// unless the privacy policy holds it at `asOf`, the facts of its log (see
    /// ``readFactLog(dialog:_:asOf:)``); other dialogs are skipped.
    mutating func readLogRow(_ row: inout BinaryCopyRow, asOf: Int64) throws {
        rows += 1
        let dialog = try row.readInt64()
        let channel = try row.readOptionalInt64()
        let sourceID = try row.readString()
        guard Text.equals(try row.nextField(), "customer") else { return }
        let pending = Text.equals(try row.nextField(), "pending")
        let acceptedAt = try row.readOptionalTimestamp()
        let held = pending || (acceptedAt.map { $0 > asOf } ?? false)
        try appendDialog(key: dialog, sourceID: sourceID, channel: channel, held: held, acceptedAt: acceptedAt)
        guard let log = try row.nextField() else {
            throw StoreError.invariantBroken("dialog_fact_logs holds no log for dialog \(dialog)")
        }
        guard !held else { return }
        let read = try readFactLog(dialog: dialog, log, asOf: asOf)
        if read.hasOrder {
            dialogsWithOrders.append(
                DialogWithOrders(
                    key: dialog,
                    firstCustomerMessage: read.firstCustomerMessage,
                    accepted: acceptedAt != nil
                )
            )
        }
    }

    /// Appends each 20-byte record (``FactLogRecord``) of `dialog`'s fact log stamped by `asOf` as
    /// a fact, with its record's flag (a send stored blocked). Acceptance records (code 13) are not
    /// facts (the header holds the instant); nor are order records (code 14, returned as
    /// `hasOrder`), nor status records (code 12, the statuses of a
    /// message with a `failed` one): a user or bot message with one
    /// stamped by `asOf` is flagged failed when its last status by then (greatest instant, then
    /// seq) is `failed`, and not otherwise (SPEC §2).
    /// - Throws: `StoreError` for a log whose length is not a whole number of records, a record
    ///   with an unknown code, or one that breaks the packing (see ``appendFact``).
    /// - Returns: the earliest customer message stamped by `asOf`, and whether an order record is.
    @discardableResult
    mutating func readFactLog(
        dialog: Int64,
        _ log: UnsafeRawBufferPointer,
        asOf: Int64
    ) throws -> (
        firstCustomerMessage: Int64?, hasOrder: Bool
    ) {
        guard log.count % FactLogRecord.size == 0 else {
            throw StoreError.storedDataUnreadable(
                "the fact log of dialog \(dialog) holds \(log.count) bytes, not a whole number of 20-byte records"
            )
        }
        let first = facts.count
        // Each logged message's last status by asOf: its instant, `seq << 5 | 12 << 1 | failed`,
        // and the low 32 bits of the message's seq. Few dialogs have any.
        var lastStatuses: [(at: Int64, order: Int64, message: Int64)] = []
        var hasOrder = false
        var firstCustomerMessage: Int64?
        for offset in stride(from: 0, to: log.count, by: FactLogRecord.size) {
            let record = FactLogRecord.fields(in: log, at: offset)
            guard record.at <= asOf else { continue }
            let code = Int(record.order >> 1 & 0xF)
            let seq = record.order >> 5
            if code == FactLogRecord.statusCode {
                let status = (at: record.at, order: record.order, message: record.reference)
                if let index = lastStatuses.firstIndex(where: { $0.message == status.message }) {
                    let last = lastStatuses[index]
                    if (last.at, last.order) < (status.at, status.order) { lastStatuses[index] = status }
                } else {
                    lastStatuses.append(status)
                }
                continue
            }
            if code == FactLogRecord.acceptanceCode { continue }
            if code == FactLogRecord.orderCode {
                hasOrder = true
                continue
            }
            guard (1...Int(PackedFact.highestCode)).contains(code) else {
                throw StoreError.storedDataUnreadable(
                    "the fact log of dialog \(dialog) holds an unknown fact code \(code)"
                )
            }
            if code == 2 { firstCustomerMessage = min(firstCustomerMessage ?? record.at, record.at) }
            try appendFact(
                dialog: dialog,
                at: record.at,
                seq: seq,
                code: code,
                flag: record.order & 1 == 1,
                reference: record.reference == 0 ? nil : record.reference
            )
        }
        guard !lastStatuses.isEmpty else { return (firstCustomerMessage, hasOrder) }
        for position in first..<facts.count {
            let fact = facts[position]
            guard fact.code == 3 || fact.code == 4,
                let last = lastStatuses.first(where: { $0.message == fact.seq & 0xFFFF_FFFF })
            else { continue }
            facts.setFlag(of: position, to: last.order & 1 == 1)
        }
        return (firstCustomerMessage, hasOrder)
    }
}

/// Text fields of a binary COPY row compared with literals as bytes, without making strings.
enum Text {
    static func equals(_ field: UnsafeRawBufferPointer?, _ literal: StaticString) -> Bool {
        guard let field, field.count == literal.utf8CodeUnitCount else { return false }
        guard let base = field.baseAddress else { return literal.utf8CodeUnitCount == 0 }
        return memcmp(base, literal.utf8Start, field.count) == 0
    }
}

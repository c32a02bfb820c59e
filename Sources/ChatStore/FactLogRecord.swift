/// One fact of a dialog's log (`dialog_fact_logs`, `queries/schema/0015_dialog_fact_logs.sql`): what
/// ingestion appends for each message, assignment, close and reopen it stores, and what the
/// report's history read unpacks.
///
/// 20 bytes, big-endian: the instant (microseconds since 1970-01-01 UTC), `seq << 5 | code << 1 |
/// flag`, the user or bot key (0 for none). The codes are `period_dialog_facts.sql`'s; the flag
/// marks a send stored failed because the contact had blocked the bot. The view
/// `dialog_fact_records` packs the same bytes from the tables.
struct FactLogRecord: Sendable, Hashable {
    static let size = 20
    /// A status of a message with a `failed` one (`queries/schema/0016_status_records.sql`): not a
    /// fact, but what decides whether its send counts as failed. Its key field holds the low 32
    /// bits of the message's seq; ingestion's SQL packs these records.
    static let statusCode = 12
    /// A privacy acceptance (`queries/schema/0018_acceptance_records.sql`): not a fact either (the
    /// dialog's header holds the instant); it keeps the log's `last_at` at or after it.
    static let acceptanceCode = 13
    /// An order created from the dialog (`queries/schema/0021_order_records.sql`): not a fact
    /// either; a period's report looks up the orders of the dialogs whose logs have one.
    static let orderCode = 14

    let at: Int64
    let seq: Int64
    /// 1 to 11, ``acceptanceCode`` or ``orderCode``.
    let code: Int
    let flag: Bool
    /// The user or bot key; 0 for none.
    let reference: Int64

    /// Appends the record's 20 bytes.
    func append(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: at.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: (seq << 5 | Int64(code) << 1 | (flag ? 1 : 0)).bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: reference).bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// The record's instant, `seq << 5 | code << 1 | flag`, and key, read from the 20 bytes at
    /// `offset` of `bytes`.
    /// - Precondition: `offset + 20 <= bytes.count`.
    static func fields(in bytes: UnsafeRawBufferPointer, at offset: Int) -> (at: Int64, order: Int64, reference: Int64)
    {
        (
            Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)),
            Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)),
            Int64(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)))
        )
    }
}

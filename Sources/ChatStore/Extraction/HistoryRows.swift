import PostgresClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReportExtraction {
    /// This worker's share of every customer dialog's facts up to `asOf`
    /// (`queries/extraction/dialog_facts.sql`): the server streams the block ranges of `dialogs`
    /// and of the fact logs as they lie on disk, one row per dialog, and the rules that turn
    /// records into facts run here, as each row arrives.
    ///
    /// The session must be set by ``setAsOf(_:worker:of:blocks:)`` to the same `asOf`.
    /// - Complexity: O(records of the worker's block ranges).
    func collectHistoryFacts(asOf: Int64) throws -> CollectedFacts {
        let queries = try Self.historyQueries.get()
        var collected = CollectedFacts()
        try connection.copyOutBinary(try queries("dialogs")) { row in
            try collected.readDialogRow(&row, asOf: asOf)
        }
        try connection.copyOutBinary(try queries("fact_logs")) { row in
            try collected.readFactLogRow(&row, asOf: asOf)
        }
        return collected
    }

    /// The messages with a `failed` status by the session's `as_of` (`failed_messages`): read
    /// once per report, on a connection of its own, and applied to every worker's facts as they
    /// are replayed (``DialogFactGroups/init(taking:parts:failed:)``).
    /// - Complexity: one statement over the failed statuses (0.2% of them) of the history.
    public func failedSends() throws -> FailedSends {
        let failed = try connection.query(PostgresQuery(sql: try Self.historyQueries.get()("failed_messages")))
        var sends = FailedSends()
        for row in 0..<failed.count {
            sends.insert(
                dialog: try failed.decode(Int64.self, row: row, column: 0),
                seq: try failed.decode(Int64.self, row: row, column: 1),
                lastFailed: try failed.decode(Bool.self, row: row, column: 2)
            )
        }
        return sends
    }
}

/// The user and bot messages with a `failed` status by the report's `as_of`, by dialog and seq
/// (as their fact records name them), with whether their last status by then is `failed`.
///
/// A fact's dialog is looked up in a bit set first: only the few dialogs with such a message pay
/// for the dictionary.
public struct FailedSends: Sendable {
    @usableFromInline var dialogs: [UInt64] = []
    @usableFromInline var lastFailed: [Key: Bool] = [:]

    @usableFromInline
    struct Key: Hashable, Sendable {
        @usableFromInline let dialog: Int64
        @usableFromInline let seq: Int64

        @inlinable
        init(dialog: Int64, seq: Int64) {
            self.dialog = dialog
            self.seq = seq
        }
    }

    /// None.
    public init() {}

    mutating func insert(dialog: Int64, seq: Int64, lastFailed failed: Bool) {
        guard dialog >= 0 else { return }
        let word = Int(dialog >> 6)
        if word >= dialogs.count { dialogs += [UInt64](repeating: 0, count: word + 1 - dialogs.count) }
        dialogs[word] |= 1 << UInt64(dialog & 63)
        lastFailed[Key(dialog: dialog, seq: seq)] = failed
    }

    /// Whether the message of `dialog` stored by the event `seq` counts as failed by `as_of`, nil
    /// when it has no `failed` status by then (its record's own flag then decides).
    @inlinable
    func lastFailed(dialog: Int64, seq: Int64) -> Bool? {
        let word = Int(dialog >> 6)
        guard dialog >= 0, word < dialogs.count, dialogs[word] & (1 << UInt64(dialog & 63)) != 0 else { return nil }
        return lastFailed[Key(dialog: dialog, seq: seq)]
    }
}

extension ReportExtraction {
    /// `dialog_facts.sql`, read once per process (every worker of every report reads it).
    private static let historyQueries = Result { try NamedQueries("extraction/dialog_facts.sql") }
}

extension CollectedFacts {
    /// `dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at`: a customer
    /// dialog's header; other dialogs are skipped.
    mutating func readDialogRow(_ row: inout BinaryCopyRow, asOf: Int64) throws {
        rows += 1
        let dialog = try row.readInt64()
        let channel = try row.readOptionalInt64()
        let sourceID = try row.readString()
        guard Text.equals(try row.nextField(), "customer") else { return }
        let pending = Text.equals(try row.nextField(), "pending")
        let acceptedAt = try row.readOptionalTimestamp()
        try appendDialog(
            key: dialog,
            sourceID: sourceID,
            channel: channel,
            held: pending || (acceptedAt.map { $0 > asOf } ?? false),
            acceptedAt: acceptedAt
        )
    }

    /// `dialog_key, facts`: a dialog's fact log (see ``readFactLog(dialog:_:asOf:)``).
    mutating func readFactLogRow(_ row: inout BinaryCopyRow, asOf: Int64) throws {
        rows += 1
        let dialog = try row.readInt64()
        guard let log = try row.nextField() else {
            throw StoreError.invariantBroken("dialog_fact_logs holds no log for dialog \(dialog)")
        }
        try readFactLog(dialog: dialog, log, asOf: asOf)
    }

    /// Appends each 20-byte record (``FactLogRecord``) of `dialog`'s fact log stamped by `asOf` as
    /// a fact, with its record's flag (a send stored blocked); a message with a `failed` status by
    /// `asOf` takes its flag from ``FailedSends`` when it is replayed.
    /// - Throws: `StoreError` for a log whose length is not a whole number of records, a record
    ///   with an unknown code, or one that breaks the packing (see ``appendFact``).
    mutating func readFactLog(dialog: Int64, _ log: UnsafeRawBufferPointer, asOf: Int64) throws {
        guard log.count % FactLogRecord.size == 0 else {
            throw StoreError.storedDataUnreadable(
                "the fact log of dialog \(dialog) holds \(log.count) bytes, not a whole number of 20-byte records"
            )
        }
        for offset in stride(from: 0, to: log.count, by: FactLogRecord.size) {
            let record = FactLogRecord.fields(in: log, at: offset)
            guard record.at <= asOf else { continue }
            let code = Int(record.order >> 1 & 0xF)
            let seq = record.order >> 5
            guard (1...Int(PackedFact.highestCode)).contains(code) else {
                throw StoreError.storedDataUnreadable(
                    "the fact log of dialog \(dialog) holds an unknown fact code \(code)"
                )
            }
            try appendFact(
                dialog: dialog,
                at: record.at,
                seq: seq,
                code: code,
                flag: record.order & 1 == 1,
                reference: record.reference == 0 ? nil : record.reference
            )
        }
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

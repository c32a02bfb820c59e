import PostgresClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReportExtraction {
    /// This worker's share of every customer dialog's facts up to `asOf`, read as plain columns
    /// (`queries/extraction/dialog_facts.sql`): the server streams each table's block range as it
    /// lies on disk, and the rules that turn rows into facts run here, as each row arrives.
    ///
    /// The session must be set by ``setAsOf(_:worker:of:blocks:)`` to the same `asOf`.
    /// - Complexity: O(rows of the worker's block ranges) plus two small look-ups: the messages
    ///   with a `failed` status by `asOf`, and the statuses of the `bot_blocked` sends met.
    func collectHistoryFacts(asOf: Int64) throws -> CollectedFacts {
        let queries = try Self.historyQueries.get()
        var collected = CollectedFacts()
        // Message key → whether its last status by as_of is `failed` (those with a failed status).
        var lastFailed: [Int64: Bool] = [:]
        let failed = try connection.query(PostgresQuery(sql: try queries("failed_messages")))
        lastFailed.reserveCapacity(failed.count)
        for row in 0..<failed.count {
            lastFailed[try failed.decode(Int64.self, row: row, column: 0)] = try failed.decode(
                Bool.self,
                row: row,
                column: 1
            )
        }
        try connection.copyOutBinary(try queries("dialogs")) { row in
            try collected.readDialogRow(&row, asOf: asOf)
        }
        // bot_blocked sends without a failed status by as_of: failed when they have no status at
        // all (stored blocked at their creation), not when a later status gave that reason.
        var blocked: [(message: Int64, fact: Int)] = []
        try connection.copyOutBinary(try queries("messages")) { row in
            try collected.readMessageRow(&row, asOf: asOf, lastFailed: lastFailed, blocked: &blocked)
        }
        if !blocked.isEmpty {
            let withStatus = try connection.query(
                PostgresQuery(sql: try queries("with_statuses"), blocked.map(\.message))
            )
            var answered = Set<Int64>()
            for row in 0..<withStatus.count { answered.insert(try withStatus.decode(Int64.self, row: row, column: 0)) }
            for send in blocked where !answered.contains(send.message) {
                collected.facts.setFlag(at: send.fact)
            }
        }
        try connection.copyOutBinary(try queries("assignments")) { row in
            try collected.readAssignmentRow(&row, asOf: asOf)
        }
        try connection.copyOutBinary(try queries("status_changes")) { row in
            try collected.readStatusChangeRow(&row, asOf: asOf)
        }
        return collected
    }
}

extension ReportExtraction {
    /// `dialog_facts.sql`, read once per process (every worker of every report reads it).
    private static let historyQueries = Result { try NamedQueries("extraction/dialog_facts.sql") }
}

extension CollectedFacts {
    /// `dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at`: a customer
    /// dialog's header (code 0 of period_dialog_facts.sql); other dialogs are skipped.
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

    /// The leading `dialog_key, seq, at` of a fact table's row (the row counted), nil when the
    /// fact comes after `asOf`.
    private mutating func readFactStart(
        _ row: inout BinaryCopyRow,
        asOf: Int64
    ) throws -> (dialog: Int64, seq: Int64, at: Int64)? {
        rows += 1
        let dialog = try row.readInt64()
        let seq = try row.readInt64()
        let at = try row.readTimestamp()
        return at <= asOf ? (dialog, seq, at) : nil
    }

    /// `dialog_key, seq, created_at, sender_kind, sender_user_key, sender_bot_key, message_key,
    /// failure_reason`: a customer (2), user (3) or bot (4) message by `asOf`; system messages
    /// are skipped. A `bot_blocked` send with no `failed` status is added to `blocked` (its
    /// flag is settled once the stream is read).
    mutating func readMessageRow(
        _ row: inout BinaryCopyRow,
        asOf: Int64,
        lastFailed: [Int64: Bool],
        blocked: inout [(message: Int64, fact: Int)]
    ) throws {
        guard let (dialog, seq, at) = try readFactStart(&row, asOf: asOf) else { return }
        let kind = try row.nextField()
        let code: Int
        if Text.equals(kind, "customer") {
            code = 2
        } else if Text.equals(kind, "user") {
            code = 3
        } else if Text.equals(kind, "system") {
            return
        } else {
            code = 4
        }
        let user = try row.readOptionalInt64()
        let bot = try row.readOptionalInt64()
        if code == 2 {
            try appendFact(dialog: dialog, at: at, seq: seq, code: code, flag: false, reference: nil)
            return
        }
        let message = try row.readInt64()
        var flag = false
        if let last = lastFailed[message] {
            flag = last
        } else if Text.equals(try row.nextField(), "bot_blocked") {
            blocked.append((message, facts.count))
        }
        try appendFact(dialog: dialog, at: at, seq: seq, code: code, flag: flag, reference: user ?? bot)
    }

    /// `dialog_key, seq, at, to_user_key, to_bot_key`: an assignment by `asOf`, to a user (5),
    /// a bot (6) or nobody (7).
    mutating func readAssignmentRow(_ row: inout BinaryCopyRow, asOf: Int64) throws {
        guard let (dialog, seq, at) = try readFactStart(&row, asOf: asOf) else { return }
        let user = try row.readOptionalInt64()
        let bot = try row.readOptionalInt64()
        if let user {
            try appendFact(dialog: dialog, at: at, seq: seq, code: 5, flag: false, reference: user)
        } else if let bot {
            try appendFact(dialog: dialog, at: at, seq: seq, code: 6, flag: false, reference: bot)
        } else {
            try appendFact(dialog: dialog, at: at, seq: seq, code: 7, flag: false, reference: nil)
        }
    }

    /// `dialog_key, seq, at, change, by_kind, by_user_key, by_bot_key`: a close by `asOf`
    /// (automatic 1, by a user 8, by a bot 9, by the system actor 10) or a reopen (11); other
    /// changes are skipped.
    mutating func readStatusChangeRow(_ row: inout BinaryCopyRow, asOf: Int64) throws {
        guard let (dialog, seq, at) = try readFactStart(&row, asOf: asOf) else { return }
        let change = try row.nextField()
        let code: Int
        if Text.equals(change, "reopened") {
            code = 11
            try row.skip()
        } else if Text.equals(change, "closed") {
            let by = try row.nextField()
            if Text.equals(by, "auto") {
                code = 1
            } else if Text.equals(by, "user") {
                code = 8
            } else if Text.equals(by, "bot") {
                code = 9
            } else if Text.equals(by, "system") {
                code = 10
            } else {
                throw StoreError.invariantBroken(
                    "dialog_status_changes holds a close of dialog \(dialog) by an unknown kind"
                )
            }
        } else {
            return
        }
        let user = try row.readOptionalInt64()
        let bot = try row.readOptionalInt64()
        try appendFact(dialog: dialog, at: at, seq: seq, code: code, flag: false, reference: user ?? bot)
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

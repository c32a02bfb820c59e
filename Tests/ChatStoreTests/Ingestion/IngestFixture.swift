import ChatDomain
import ChatStore
import Foundation
import PostgresClient
import TestSupport
import Testing

/// A fresh database and a small event writer for ingestion tests.
///
/// Every `ingest` opens a new connection and a new `Ingester`, so each call also exercises the
/// restore of the domain state from the tables (as a new `chatsla ingest` process would).
final class IngestFixture {
    let database: TestDatabase
    private var nextEvent = 0
    /// Seconds after 2026-01-05T10:00:00Z of the next event.
    private var second = 0
    /// The ingestion instant every `ingest` gives its ingester (`nil`: the end of year 9999, so
    /// that no fixture event is `in_future` whatever the machine's clock says).
    var ingestionInstant: Int64?
    /// The `in_future` margin every `ingest` gives its ingester.
    var maxFuture = Ingester.defaultMaxFuture

    init() throws {
        database = try TestServer.shared.makeDatabase()
    }

    /// A fixture on a database of the caller's (migrated).
    init(database: TestDatabase) {
        self.database = database
    }

    /// One event line with a fresh id and an instant one second after the previous one.
    func event(_ type: String, _ fields: String = "") -> String {
        nextEvent += 1
        second += 1
        let at = String(format: "2026-01-05T10:%02d:%02d+00:00", second / 60 % 60, second % 60)
        return "{\"id\":\"e\(nextEvent)\",\"type\":\"\(type)\",\"at\":\"\(at)\"" + (fields.isEmpty ? "" : ",\(fields)")
            + "}"
    }

    /// The directory most tests start from: a store, a mapped channel, users of every kind, a bot, limits.
    func setup() -> [String] {
        [
            event("store.upserted", #""store":"s1","name":"Main""#),
            event("channel.upserted", #""channel":"ch1","name":"Telegram","kind":"telegram","store":"s1""#),
            user("adm", admin: true),
            user("chadm", chatAdmin: true),
            user("m1"),
            user("m2"),
            user("noacc", access: false),
            user("inact", active: false),
            event("bot.upserted", #""bot":"b1","name":"Bot""#),
            event(
                "customer.upserted",
                #""customer":"c1","name":"Ann","phone":null,"email":null,"address":null,"vip":false,"bad":false"#
            ),
            event("settings.time_limits", #""by":{"user":"adm"},"channel":null,"warning_s":60,"processing_s":120"#),
        ]
    }

    func user(
        _ id: String,
        access: Bool = true,
        admin: Bool = false,
        chatAdmin: Bool = false,
        active: Bool = true
    )
        -> String
    {
        event(
            "user.upserted",
            #""user":"\#(id)","name":"\#(id)","chat_access":\#(access),"admin":\#(admin),"chat_admin":\#(chatAdmin),"active":\#(active)"#
        )
    }

    func received(_ dialog: String = "d1", message: String, contact: String = "k1", text: String = "Hello") -> String {
        event(
            "message.received",
            #""dialog":"\#(dialog)","channel":"ch1","contact":"\#(contact)","message":"\#(message)","text":"\#(text)","attachments":[],"quote":null"#
        )
    }

    func sent(
        _ dialog: String = "d1",
        message: String,
        by: String,
        text: String = "Hi",
        attachments: String = "[]"
    )
        -> String
    {
        event(
            "message.sent",
            #""dialog":"\#(dialog)","message":"\#(message)","by":{"user":"\#(by)"},"text":"\#(text)","attachments":\#(attachments),"quote":null,"quick_reply":null"#
        )
    }

    func assigned(_ dialog: String = "d1", to: String, by: String) -> String {
        event("dialog.assigned", #""dialog":"\#(dialog)","to":{"user":"\#(to)"},"by":{"user":"\#(by)"}"#)
    }

    /// Ingests `lines` through a new connection and ingester.
    @discardableResult
    func ingest(_ lines: [String], batchSize: Int = 1000) throws -> (summary: IngestSummary, rejected: [RejectedLine]) {
        try ingest(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), batchSize: batchSize)
    }

    @discardableResult
    func ingest(
        bytes: [UInt8],
        batchSize: Int = 1000,
        messagesInMemory: Int = 2_000_000
    ) throws -> (
        summary: IngestSummary, rejected: [RejectedLine]
    ) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).jsonl")
            .path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let connection = try database.connect()
        defer { connection.close() }
        let instant = ingestionInstant
        let ingester = try Ingester(
            connection: connection,
            batchSize: batchSize,
            messagesInMemory: messagesInMemory,
            maxFuture: maxFuture,
            now: { instant ?? RFC3339.maximum }
        )
        var rejected: [RejectedLine] = []
        let summary = try ingester.ingest(
            source: "test.jsonl",
            descriptor: descriptor,
            rejects: { rejected.append($0) }
        )
        return (summary, rejected)
    }

    /// The first column of the first row of `sql`.
    func value(_ sql: String) throws -> String? {
        let connection = try database.connect()
        defer { connection.close() }
        let rows = try connection.query(PostgresQuery(sql: sql))
        return rows.count == 0 ? nil : rows[0, 0]
    }

    func count(_ sql: String) throws -> Int {
        Int(try value("SELECT count(*) FROM (\(sql)) AS counted") ?? "") ?? -1
    }

    /// Every row of `sql` as `|`-joined text.
    func rows(_ sql: String) throws -> [String] {
        let connection = try database.connect()
        defer { connection.close() }
        let result = try connection.query(PostgresQuery(sql: sql))
        return (0..<result.count).map { row in
            (0..<result.columnCount).map { result[row, $0] ?? "NULL" }.joined(separator: "|")
        }
    }

    /// Broken references in the history tables without foreign keys (`scripts/ingest-integrity.sql`); empty when intact.
    func integrityViolations() throws -> [String] { try rows(script("ingest-integrity.sql")) }

    private func script(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/\(name)")
        let sql = try String(contentsOf: url, encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return String(sql.dropLast())
    }

    /// Row counts and content checksums of every table ingestion writes.
    func checksums() throws -> [String] { try rows(script("ingest-checksum.sql")) }
}

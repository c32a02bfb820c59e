import ChatStore
import PostgresClient
import Testing

/// Migration 0012 keys the ledger and the messages by (length of the id, id): ids that count
/// upward then arrive in key order. The key must stay exactly as unique as the id, and every
/// look-up by id must find what it found before: events are duplicates or conflicting duplicates
/// across the migration, and a status names a message stored before it.
@Suite struct CountingIdKeysMigrationTests {
    @Test func idsOfEveryLengthAreFoundAcrossTheMigration() throws {
        let fixture = try IngestFixture()
        // Ids e1…e13 (two lengths) and messages m1, m10 (two lengths).
        let first = fixture.received(message: "m1", text: "Hello")
        let lines = fixture.setup() + [first, fixture.received(message: "m10", text: "Again")]
        try fixture.ingest(lines)

        // The keys as 0011 left them.
        let connection = try fixture.database.connect()
        defer { connection.close() }
        try connection.execute(
            script: """
                DROP INDEX ingested_events_by_id;
                ALTER TABLE ingested_events ADD CONSTRAINT ingested_events_pkey PRIMARY KEY (event_id);
                DROP INDEX messages_by_id;
                ALTER TABLE messages ADD CONSTRAINT messages_message_id_key UNIQUE (message_id);
                DELETE FROM schema_migrations WHERE version = 12;
                """
        )
        #expect(try Migrator().migrate(connection) == ["0012_counting_id_keys.sql"])
        #expect(
            try fixture.rows(
                "SELECT c.relname || ': ' || substring(pg_get_indexdef(i.indexrelid) FROM 'USING .*$') "
                    + "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                    + "WHERE c.relname IN ('ingested_events', 'messages') AND i.indisunique ORDER BY 1"
            ) == [
                "ingested_events: USING btree (length(event_id), event_id)",
                "messages: USING btree (length(message_id), message_id)",
                "messages: USING btree (message_key)",
            ]
        )

        let again = try fixture.ingest(lines)
        #expect(again.summary.duplicates == lines.count)
        #expect(again.summary.accepted == 0)
        let changed = try fixture.ingest([first.replacingOccurrences(of: "Hello", with: "Hullo")])
        #expect(changed.rejected.map(\.code) == ["conflicting_duplicate"])
        let statuses = try fixture.ingest([
            fixture.sent(message: "m2", by: "adm"),
            fixture.event("message.status", #""message":"m2","status":"delivered","error":null"#),
            fixture.event("message.status", #""message":"m10","status":"read","error":null"#),
        ])
        #expect(statuses.summary.accepted == 3)
        #expect(try fixture.count("SELECT 1 FROM message_statuses") == 2)
    }

    /// The database itself still refuses a second ledger row or message with an id it holds.
    @Test func theKeyIsAsUniqueAsTheId() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        let connection = try fixture.database.connect()
        defer { connection.close() }
        func uniqueViolation(_ script: String) -> String? {
            do {
                try connection.execute(script: script)
                return nil
            } catch let error as PostgresError {
                return error.sqlState
            } catch {
                return "\(error)"
            }
        }
        #expect(
            uniqueViolation(
                "INSERT INTO ingested_events SELECT seq + 1000, accepted, event_id, digest FROM ingested_events WHERE event_id = 'e3'"
            ) == "23505"
        )
        #expect(
            uniqueViolation(
                """
                CREATE TEMP TABLE copied AS SELECT * FROM messages;
                UPDATE copied SET message_key = message_key + 1000;
                INSERT INTO messages SELECT * FROM copied;
                """
            ) == "23505"
        )
    }
}

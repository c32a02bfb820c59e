import ChatStore
import PostgresClient
import Testing

/// Migration 0010 rewrites the ledger of an existing database without losing what idempotency
/// needs: after it, every event ingested before is still a duplicate, and the same id with other
/// content is still a `conflicting_duplicate`.
@Suite struct LeanLedgerMigrationTests {
    @Test func eventsIngestedBeforeTheMigrationAreDuplicatesAfterIt() throws {
        let fixture = try IngestFixture()
        let message = fixture.received(message: "m1", text: "Hello")
        let lines = fixture.setup() + [message]
        try fixture.ingest(lines)

        // The ledger as 0004 left it: type, instant and the whole SHA-256 (the stored 16 bytes
        // and 16 more, which the migration must drop).
        let connection = try fixture.database.connect()
        defer { connection.close() }
        try connection.execute(
            script: """
                ALTER TABLE ingested_events RENAME TO ingested_events_lean;
                CREATE TABLE ingested_events (
                    event_id text PRIMARY KEY, seq bigint NOT NULL, type text NOT NULL, at timestamptz,
                    accepted boolean NOT NULL, digest bytea NOT NULL);
                INSERT INTO ingested_events
                SELECT event_id, seq, 'clock.tick', now(), accepted, digest || '\\x000102030405060708090a0b0c0d0e0f'::bytea
                FROM ingested_events_lean;
                DROP TABLE ingested_events_lean;
                DELETE FROM schema_migrations WHERE version = 10;
                """
        )
        #expect(try fixture.count("SELECT 1 FROM ingested_events WHERE length(digest) = 32") == lines.count)
        #expect(try Migrator().migrate(connection) == ["0010_lean_ledger.sql"])

        #expect(
            try fixture.rows(
                "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute "
                    + "WHERE attrelid = 'ingested_events'::regclass AND attnum > 0 AND NOT attisdropped"
            ) == ["seq,accepted,event_id,digest"]
        )
        #expect(try fixture.count("SELECT 1 FROM ingested_events WHERE length(digest) = 16") == lines.count)
        let again = try fixture.ingest(lines)
        #expect(again.summary.duplicates == lines.count)
        #expect(again.summary.accepted == 0)
        let changed = try fixture.ingest([message.replacingOccurrences(of: "Hello", with: "Hullo")])
        #expect(changed.rejected.map(\.code) == ["conflicting_duplicate"])
    }
}

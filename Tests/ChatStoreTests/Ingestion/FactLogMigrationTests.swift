import ChatStore
import EventGenerator
import PostgresClient
import Testing

/// Migration 0015 keeps each dialog's facts packed in its log (`dialog_fact_logs`), with their
/// earliest and latest instants, 0016 the statuses of its messages with a `failed` one, 0017 the
/// dialog's header (every dialog has a log row), 0018 its privacy acceptance, 0021 the orders
/// created from it: ingestion
/// appends the records `dialog_fact_records` derives from the tables, batch by batch, and the
/// migration fills the logs of a database ingested before it with the same bytes.
@Suite struct FactLogMigrationTests {
    /// A generated month (reassignments, closes, automatic closes, reopens, late events, failed and
    /// blocked sends) in small batches: every log holds its tables' records, and the backfill of an
    /// upgraded database gives each dialog the records ingestion appended.
    @Test func ingestionAndTheBackfillKeepTheRecordsTheTablesGive() throws {
        let fixture = try IngestFixture()
        var lines: [String] = []
        EventGenerator(configuration: GeneratorConfiguration(dialogs: 120, days: 30, seed: 16)).forEachLine {
            lines.append(String(decoding: $0, as: UTF8.self))
        }
        _ = try fixture.ingest(lines, batchSize: 500)
        let violations = try fixture.integrityViolations()
        #expect(violations == [])
        let codes =
            "SELECT DISTINCT get_byte(facts, i * 20 + 15) >> 1 & 15 FROM dialog_fact_logs, "
            + "generate_series(0, length(facts) / 20 - 1) i ORDER BY 1"
        // The month holds automatic closes (1), the three senders (2-4), assignments to users and
        // bots (5, 6), closes by users and bots (8, 9), reopens (11), the statuses of messages
        // with a `failed` one (12), privacy acceptances (13), orders (14), and blocked sends.
        let stored = try fixture.rows(codes)
        #expect(stored == ["1", "2", "3", "4", "5", "6", "8", "9", "11", "12", "13", "14"])
        let blocked =
            "SELECT count(*) FROM dialog_fact_logs, generate_series(0, length(facts) / 20 - 1) i "
            + "WHERE get_byte(facts, i * 20 + 15) & 1 = 1"
        #expect(try fixture.rows(blocked) != ["0"])
        let sortedLogs = """
            SELECT l.dialog_key || ' ' || md5(string_agg(substring(l.facts FROM i * 20 + 1 FOR 20), ''::bytea
                                                     ORDER BY substring(l.facts FROM i * 20 + 1 FOR 20)))
                   || ' ' || l.first_at || ' ' || l.last_at
            FROM dialog_fact_logs l, generate_series(0, length(l.facts) / 20 - 1) i
            GROUP BY l.dialog_key, l.first_at, l.last_at ORDER BY l.dialog_key
            """
        let appendedSorted = try fixture.rows(sortedLogs)
        #expect(appendedSorted.count > 100)

        // The schema as 0014 left it, then upgraded by 0015 to 0018 and 0021 (0019 and 0020 stay:
        // they change no log).
        let connection = try fixture.database.connect()
        defer { connection.close() }
        try connection.execute(
            script: """
                DROP TABLE dialog_fact_logs;
                DROP VIEW dialog_fact_records;
                DROP VIEW message_status_records, message_fact_records, assignment_fact_records,
                    status_change_fact_records, order_fact_records;
                CREATE INDEX messages_by_dialog ON messages (dialog_key, created_at, seq);
                CREATE INDEX messages_by_time ON messages (created_at);
                CREATE INDEX assignments_by_time ON assignments (at);
                CREATE INDEX dialog_status_changes_by_time ON dialog_status_changes (at);
                DELETE FROM schema_migrations WHERE version IN (15, 16, 17, 18, 21);
                """
        )
        #expect(
            try Migrator().migrate(connection) == [
                "0015_dialog_fact_logs.sql", "0016_status_records.sql", "0017_log_headers.sql",
                "0018_acceptance_records.sql", "0021_order_records.sql",
            ]
        )
        let backfilled = try fixture.rows(sortedLogs)
        #expect(backfilled == appendedSorted)
        let violationsAfter = try fixture.integrityViolations()
        #expect(violationsAfter == [])
    }
}

import ChatStore
import PostgresClient
import Testing

/// Migration 0014 keeps each open dialog's auto-close class (held by a user or not) in its timer
/// row: filled from the dialogs on upgrade, kept by every batch, and the due dialogs of each class
/// found by their own range of the index.
@Suite struct TimersByClassMigrationTests {
    @Test func theClassIsFilledFromTheDialogsAndFollowsReassignments() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(
            fixture.setup() + [
                fixture.event("settings.chats", #""by":{"user":"adm"},"auto_close_assigned_s":3600"#),
                fixture.received("d1", message: "m1", contact: "k1"),
                fixture.received("d2", message: "m2", contact: "k2"),
                fixture.assigned("d1", to: "m1", by: "adm"),
            ]
        )
        // The timers as 0013 left them.
        let connection = try fixture.database.connect()
        defer { connection.close() }
        try connection.execute(
            script: """
                DROP INDEX dialog_timers_due;
                ALTER TABLE dialog_timers DROP COLUMN held_by_user;
                CREATE INDEX dialog_timers_due ON dialog_timers (armed_at);
                DELETE FROM schema_migrations WHERE version = 14;
                """
        )
        #expect(try Migrator().migrate(connection) == ["0014_timers_by_class.sql"])
        let classes =
            "SELECT d.dialog_id || ' ' || t.held_by_user FROM dialog_timers t JOIN dialogs d USING (dialog_key) "
            + "ORDER BY 1"
        #expect(try fixture.rows(classes) == ["d1 true", "d2 false"])

        // d1 goes to the bot (30 days without messages), d2 to a user (an hour).
        try fixture.ingest([
            fixture.event("dialog.assigned", #""dialog":"d1","to":{"bot":"b1"},"by":{"user":"adm"}"#),
            fixture.assigned("d2", to: "m2", by: "adm"),
        ])
        #expect(try fixture.rows(classes) == ["d1 false", "d2 true"])

        // Two hours on, a new ingester finds d2 due by its class and closes it; d1 stays open.
        try fixture.ingest([#"{"id":"tick","type":"clock.tick","at":"2026-01-05T12:00:00+00:00"}"#])
        #expect(
            try fixture.rows("SELECT dialog_id || ' ' || status FROM dialogs ORDER BY 1") == ["d1 open", "d2 closed"]
        )
        #expect(try fixture.rows(classes) == ["d1 false"])
        #expect(try fixture.count("SELECT 1 FROM dialog_status_changes WHERE auto_rule IS NOT NULL") == 1)
    }
}

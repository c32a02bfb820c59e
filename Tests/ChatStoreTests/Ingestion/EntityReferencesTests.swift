import ChatStore
import PostgresClient
import Testing

/// Migration 0013 drops the foreign keys of `dialogs` and `contacts` (the ingester hands their
/// keys out); the integrity script then checks those references instead, as it does for the
/// histories: a broken one is reported, an intact database reports none.
@Suite struct EntityReferencesTests {
    @Test func dialogsAndContactsHaveNoForeignKeysAndTheirReferencesAreChecked() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(
            fixture.setup() + [
                fixture.received(message: "m1"), fixture.assigned(to: "m1", by: "adm"),
                fixture.received("d2", message: "m2", contact: "k2"),
            ]
        )
        #expect(
            try fixture.rows(
                "SELECT t.relname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
                    + "WHERE k.contype = 'f' AND t.relname IN ('dialogs', 'contacts')"
            ).isEmpty
        )
        // Other tables' keys to them stay.
        #expect(
            try fixture.count(
                "SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid IN ('dialogs'::regclass, 'contacts'::regclass)"
            ) > 0
        )
        #expect(try fixture.integrityViolations().isEmpty)

        let connection = try fixture.database.connect()
        defer { connection.close() }
        try connection.execute(
            script: """
                UPDATE dialogs SET channel_key = 9001, contact_key = 9002, customer_key = 9003,
                                   responsible_user_key = 9004, responsible_bot_key = NULL WHERE dialog_id = 'd1';
                UPDATE dialogs SET responsible_user_key = NULL, responsible_bot_key = 9005 WHERE dialog_id = 'd2';
                UPDATE contacts SET channel_key = 9006, customer_key = 9007;
                """
        )
        let broken = Set(
            try fixture.integrityViolations().map { $0.split(separator: "|").first.map(String.init) ?? $0 }
        )
        // d1's channel no longer matches the header its fact log copies (schema 0017) either.
        #expect(
            broken == [
                "dialogs.channel_key", "dialogs.contact_key", "dialogs.customer_key", "dialogs.responsible_user_key",
                "dialogs.responsible_bot_key", "contacts.channel_key", "contacts.customer_key",
                "dialog_fact_logs.header",
            ]
        )
    }
}

import PostgresClient
import TestSupport
import Testing

@testable import ChatStore

/// How a serve session's write scripts are split into statements and prepared, and how a small
/// table's COPY becomes an `INSERT … VALUES`.
@Suite struct PreparedWriteScriptTests {
    @Test func everyMergeScriptSplitsIntoItsStatements() throws {
        let writes = try NamedQueries("ingest/write.sql")
        // Three statements: the upsert, and the two that keep the auto-close timers.
        let dialogs = try writes.statements(of: "merge_tmp_dialogs")
        #expect(dialogs.count == 3)
        #expect(dialogs[0].hasPrefix("INSERT INTO dialogs SELECT * FROM tmp_dialogs"))
        #expect(dialogs[1].hasPrefix("DELETE FROM dialog_timers"))
        #expect(
            dialogs[2].hasSuffix(
                "WHERE (dialog_timers.armed_at, dialog_timers.held_by_user) IS DISTINCT FROM "
                    + "(excluded.armed_at, excluded.held_by_user)"
            )
        )
        // The COPY of save_state stays first; no statement keeps its semicolon.
        let state = try writes.statements(of: "save_state")
        #expect(state.count == 2)
        #expect(state[0].hasPrefix("COPY tmp_ingest_state"))
        #expect(state[1].hasPrefix("UPDATE ingest_state"))
        for name in writes.names where name.hasPrefix("merge_") {
            let statements = try writes.statements(of: name)
            #expect(!statements.isEmpty, "\(name)")
            #expect(statements.allSatisfy { !$0.hasSuffix(";") && !$0.isEmpty }, "\(name)")
            // Joined again, the statements are the script (whitespace and a last semicolon aside).
            let squeeze: (String) -> String = {
                var text = $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if text.hasSuffix(";") { text.removeLast() }
                return text
            }
            #expect(squeeze(statements.joined(separator: ";\n")) == squeeze(try writes(name)), "\(name)")
        }
    }

    @Test func theLastStatementMayLackItsSemicolon() throws {
        let writes = try NamedQueries("ingest/session.sql")
        #expect(try writes.statements(of: "plan_by_key").count == 4)
        #expect(try writes.statements(of: "ping") == [try writes("ping")])
    }

    @Test func aSmallCopyBecomesAnInsertWithTheStatementsAroundItKept() {
        var rows = CopyRows()
        rows.int(7)
        rows.text("it's")
        rows.endRow()
        let sql = "COPY  tmp_ingest_state (a, b)\n FROM STDIN;\nEXECUTE chatsla_save_state_2"
        #expect(
            BatchWrite.inlined(sql, rows: rows.bytes)
                == "INSERT INTO tmp_ingest_state (a, b) VALUES ('7','it''s');\nEXECUTE chatsla_save_state_2"
        )
    }
}

import Testing

@testable import ChatStore

/// Each temp table a batch writes is merged by its own statement, and only when written; a
/// `chatsla serve` session empties what each transaction wrote and truncates what grew.
@Suite struct TempTableMergeTests {
    @Test func everyTempTableTheIngesterWritesHasItsMergeStatement() throws {
        let writes = try NamedQueries("ingest/write.sql")
        let tempTables = IngestTables.all.map(\.statement)
            .filter { $0.hasPrefix("copy_tmp_") }
            .map { String($0.dropFirst("copy_".count)) }
        #expect(tempTables.count == 16)
        for table in tempTables {
            let merge = try writes("merge_" + table)
            #expect(merge.contains("FROM " + table) || merge.contains("USING " + table), "merge_\(table)")
        }
    }

    @Test func eachTransactionDeletesWhatItWroteAndNothingElse() {
        var cleanup = TempTableCleanup(truncateAll: "TRUNCATE pg_temp.tmp_a, pg_temp.tmp_b, pg_temp.want_c")
        let sql = cleanup.statements(emptying: [("tmp_dialogs", 3), ("tmp_ingest_state", 1)])
        #expect(sql == "DELETE FROM pg_temp.tmp_dialogs;\nDELETE FROM pg_temp.tmp_ingest_state")
    }

    @Test func aTableIsTruncatedOnceAThousandRowsWereWrittenToItSinceItsLastTruncation() {
        var cleanup = TempTableCleanup(truncateAll: "TRUNCATE everything")
        for _ in 0..<99 {
            #expect(!cleanup.statements(emptying: [("tmp_dialogs", 10), ("tmp_contacts", 1)]).contains("TRUNCATE"))
        }
        // 1,000 rows of tmp_dialogs with this one; tmp_contacts has 100.
        #expect(
            cleanup.statements(emptying: [("tmp_dialogs", 10), ("tmp_contacts", 1)])
                == "DELETE FROM pg_temp.tmp_contacts;\nTRUNCATE pg_temp.tmp_dialogs"
        )
        // Counted again from zero.
        #expect(cleanup.statements(emptying: [("tmp_dialogs", 999)]) == "DELETE FROM pg_temp.tmp_dialogs")
        #expect(cleanup.statements(emptying: [("tmp_dialogs", 1)]) == "TRUNCATE pg_temp.tmp_dialogs")
    }

    @Test func everyThousandthTransactionTruncatesEveryTempTable() {
        var cleanup = TempTableCleanup(truncateAll: "TRUNCATE everything")
        for transaction in 1...2_000 {
            let sql = cleanup.statements(emptying: [("tmp_ingest_state", 1)])
            #expect((sql == "TRUNCATE everything") == (transaction % 1_000 == 0))
        }
    }
}

import PostgresClient
import TestSupport
import Testing

@Suite struct TextCopyFormatTests {
    @Test func textCopyReadsIntegersAtTheirBoundsWithoutTrapping() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        var values: [Int64] = []
        try connection.copyOutText(
            "COPY (SELECT unnest(ARRAY[-9223372036854775808, -1, 0, 9223372036854775807]::bigint[])) TO STDOUT"
        ) { row in
            values.append(try row.readInt64())
        }
        #expect(values == [Int64.min, -1, 0, Int64.max])
    }

    @Test func textCopyRejectsAnIntegerTooLargeOrMalformed() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        for text in ["9223372036854775808", "-9223372036854775809", "-", "12a"] {
            let error = try #require(throws: PostgresError.self) {
                try connection.copyOutText("COPY (SELECT '\(text)'::text) TO STDOUT") { row in
                    _ = try row.readInt64()
                }
            }
            #expect(error.kind == .decoding, "\(text)")
        }
    }
}

/// `TextCopyFormat.valuesList`: the same rows through an `INSERT … VALUES` and through COPY store
/// the same values, whatever the fields hold.
@Suite struct TextCopyValuesListTests {
    @Test func rowsInsertedFromTheirValuesListEqualTheSameRowsCopiedIn() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let columns = "(id bigint, t text, flag boolean, at timestamptz, keys bigint[], raw bytea)"
        try connection.execute(script: "CREATE TABLE copied \(columns); CREATE TABLE inserted \(columns)")
        let texts: [String?] = [
            "plain", "it's", "back\\slash", "tab\there", "line\nbreak\r\n", "\\N", "", nil, "ünïcødé 👋", "''",
            "\\x41", "a\tb\\tc",
        ]
        var rows: [UInt8] = []
        for (index, text) in texts.enumerated() {
            TextCopyFormat.appendField(Int64(index), to: &rows)
            TextCopyFormat.appendSeparator(to: &rows)
            TextCopyFormat.appendField(text, to: &rows)
            TextCopyFormat.appendSeparator(to: &rows)
            TextCopyFormat.appendField(index % 3 == 0 ? nil : index % 2 == 0 ? "t" : "f", to: &rows)
            TextCopyFormat.appendSeparator(to: &rows)
            TextCopyFormat.appendField("2026-10-0\(index % 9 + 1) 12:34:56.00012\(index % 10)+00", to: &rows)
            TextCopyFormat.appendSeparator(to: &rows)
            TextCopyFormat.appendField(index % 4 == 0 ? "{}" : "{1,\(index),3}", to: &rows)
            TextCopyFormat.appendSeparator(to: &rows)
            TextCopyFormat.appendField("\\x00ff\(String(format: "%02x", index))", to: &rows)
            TextCopyFormat.endRow(&rows)
        }
        try connection.copyIn("COPY copied FROM STDIN") { try $0.write(rows) }
        try connection.execute(script: "INSERT INTO inserted VALUES " + TextCopyFormat.valuesList(rows))
        let differences = try connection.query(
            PostgresQuery(
                sql: """
                    SELECT count(*) FROM ((SELECT * FROM copied EXCEPT ALL SELECT * FROM inserted)
                                          UNION ALL (SELECT * FROM inserted EXCEPT ALL SELECT * FROM copied)) d
                    """
            )
        )
        #expect(differences[0, 0] == "0")
        let stored = try connection.query(PostgresQuery(sql: "SELECT count(*), count(t) FROM inserted"))
        #expect(stored[0, 0] == String(texts.count))
        #expect(stored[0, 1] == String(texts.count - 1))
    }
}

import PostgresClient
import TestSupport
import Testing

@testable import ChatStore

/// Each table the ingester COPYs into is described once (`IngestTables`); the descriptions agree
/// with `queries/ingest/write.sql` and with the migrated schema.
@Suite struct IngestTablesTests {
    @Test func everyCopyStatementOfWriteSQLIsItsTablesDescription() throws {
        let writes = try NamedQueries("ingest/write.sql")
        try IngestTables.check { try writes($0) }
        let named = try QueryFiles.text("ingest/write.sql").split(separator: "\n")
            .filter { $0.hasPrefix("-- name: copy_") }
            .map { String($0.dropFirst("-- name: ".count)) }
        #expect(named.sorted() == IngestTables.all.map(\.statement).sorted())
    }

    @Test func aColumnListOtherThanTheDescriptionIsRefused() throws {
        let writes = try NamedQueries("ingest/write.sql")
        #expect(throws: (any Error).self) {
            try IngestTables.check { name in
                name == "copy_message_edits"
                    ? "COPY message_edits (message_key, seq, text, at) FROM STDIN" : try writes(name)
            }
        }
    }

    /// Every described column exists with its type (the temp tables as `temp_tables` makes them),
    /// and every column that is NOT NULL without a default is described.
    @Test func everyDescriptionMatchesTheMigratedSchema() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(script: try NamedQueries("ingest/write.sql")("temp_tables"))
        for table in IngestTables.all {
            let rows = try connection.query(
                PostgresQuery(
                    sql: "SELECT attname, format_type(atttypid, atttypmod), attnotnull AND NOT atthasdef "
                        + "FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped",
                    binds: [table.table.postgresBind]
                )
            )
            var types: [String: String] = [:]
            var required: [String] = []
            for index in 0..<rows.count {
                let name = rows[index, 0] ?? ""
                types[name] = rows[index, 1]
                if rows[index, 2] == "t" { required.append(name) }
            }
            #expect(!types.isEmpty, "\(table.table) exists")
            for column in table.columns {
                #expect(types[column.name] == column.type.rawValue, "\(table.table).\(column.name)")
            }
            for name in required {
                #expect(table.columns.contains { $0.name == name }, "\(table.table).\(name) is written")
            }
        }
    }
}

import PostgresClient
import TestSupport
import Testing

/// `preparesStatements`: a statement with parameters is prepared once per connection and then run
/// by name, with the same results as sent alone.
@Suite struct PreparedStatementTests {
    private static func preparedCount(_ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) FROM pg_prepared_statements").decode(Int.self, row: 0, column: 0)
    }

    @Test func aStatementWithParametersIsPreparedOnceAndGivesTheSameRows() throws {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(script: "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL)")
        connection.preparesStatements = true
        for id in 1...3 {
            try connection.query("INSERT INTO notes VALUES (\(Int64(id)), \("note \(id)"))")
        }
        // One INSERT text, prepared at its first use; the count query has no parameter: sent as is.
        #expect(try Self.preparedCount(connection) == 1)
        for id in 1...3 {
            let rows = try connection.query("SELECT body FROM notes WHERE id = \(Int64(id))")
            #expect(rows.count == 1)
            #expect(rows[0, 0] == "note \(id)")
        }
        #expect(try connection.query("SELECT body FROM notes WHERE id = \(Int64(9))").count == 0)
        #expect(try Self.preparedCount(connection) == 2)
        let names = try connection.query("SELECT name FROM pg_prepared_statements ORDER BY name")
        #expect((0..<names.count).map { names[$0, 0] ?? "" } == ["chatsla_query_1", "chatsla_query_2"])
    }

    @Test func aStatementThatCannotBePreparedFailsWithTheServersErrorAndIsNotRemembered() throws {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        connection.preparesStatements = true
        let sql = "SELECT body FROM later WHERE id = $1"
        let error = try #require(throws: PostgresError.self) {
            try connection.query(PostgresQuery(sql: sql, binds: [Int64(1).postgresBind]))
        }
        #expect(error.sqlState == "42P01")
        // Once the table exists, the same text is prepared then and runs.
        try connection.execute(script: "CREATE TABLE later (id bigint, body text); INSERT INTO later VALUES (1, 'x')")
        let rows = try connection.query(PostgresQuery(sql: sql, binds: [Int64(1).postgresBind]))
        #expect(rows[0, 0] == "x")
    }

    @Test func withoutTheSettingNothingIsPrepared() throws {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        #expect(try connection.query("SELECT \(Int64(41)) + 1").decode(Int.self, row: 0, column: 0) == 42)
        #expect(try Self.preparedCount(connection) == 0)
    }
}

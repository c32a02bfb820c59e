import PostgresClient
import TestSupport
import Testing

@Suite struct ServerErrorTests {
    @Test func aSyntaxErrorCarriesItsSQLStateAndTheConnectionStaysUsable() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let error = try #require(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(error.kind == .server)
        #expect(error.sqlState == "42601")
        #expect(error.message.contains("syntax error"))
        #expect(error.statement == "SELEC 1")
        #expect(try connection.query("SELECT 41 + 1").decode(Int.self, row: 0, column: 0) == 42)
    }

    @Test func aMissingTableCarriesItsSQLStateAndTheConnectionStaysUsable() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("SELECT * FROM no_such_table WHERE id = \(Int64(1))")
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "42P01")
        #expect(error.message.contains("no_such_table"))
        #expect(try connection.query("SELECT \(Int64(1)) + 1").decode(Int.self, row: 0, column: 0) == 2)
    }

    @Test func aUniqueViolationCarriesItsSQLStateAndKeepsPersonalDataOutOfItsDescription() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        try connection.execute(script: "CREATE TABLE customers (email text PRIMARY KEY)")
        let email = "anna.petrenko@example.com"
        try connection.query("INSERT INTO customers VALUES (\(email))")
        let error = try #require(throws: PostgresError.self) {
            try connection.query("INSERT INTO customers VALUES (\(email))")
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "23505")
        #expect(error.detail?.contains(email) == true)
        #expect(error.description.contains("23505"))
        #expect(!error.description.contains(email))
        #expect(!error.description.contains("INSERT INTO customers"))
        let reflected = String(reflecting: error)
        #expect(reflected.contains(email))
        #expect(reflected.contains("INSERT INTO customers"))
        #expect(try connection.query("SELECT count(*) FROM customers").decode(Int.self, row: 0, column: 0) == 1)
    }

    @Test func anErrorInsideAScriptCarriesItsSQLStateAndTheConnectionStaysUsable() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let error = try #require(throws: PostgresError.self) {
            try connection.execute(script: "CREATE TABLE a (id int); SELECT * FROM missing; CREATE TABLE b (id int);")
        }
        #expect(error.sqlState == "42P01")
        // A script runs as one implicit transaction: nothing of it stays.
        let tables = try connection.query("SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b')")
        #expect(try tables.decode(Int.self, row: 0, column: 0) == 0)
    }

    @Test func decodingAValueOfAnotherShapeIsADecodingError() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let rows = try connection.query("SELECT 'seven'::text AS word")
        let error = try #require(throws: PostgresError.self) { try rows.decode(Int.self, row: 0, column: 0) }
        #expect(error.kind == .decoding)
        #expect(error.message.contains("word"))
    }

    @Test func aClosedConnectionRefusesFurtherStatements() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        connection.close()
        connection.close()
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error.kind == .protocolViolation)
    }
}

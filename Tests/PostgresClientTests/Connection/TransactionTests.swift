import PostgresClient
import TestSupport
import Testing

@Suite struct TransactionTests {
    private struct AbandonedByCaller: Error {}

    private static func makeTable() throws -> (TestDatabase, PostgresConnection) {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        try connection.execute(script: "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL)")
        return (database, connection)
    }

    private static func count(_ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) FROM notes").decode(Int.self, row: 0, column: 0)
    }

    @Test func aCommittedTransactionIsVisibleToAnotherConnection() throws {
        let (database, connection) = try Self.makeTable()
        let returned = try connection.transaction {
            try connection.query("INSERT INTO notes VALUES (\(Int64(1)), \("first"))")
            try connection.query("INSERT INTO notes VALUES (\(Int64(2)), \("second"))")
            return "done"
        }
        #expect(returned == "done")
        let other = try database.connect()
        #expect(try Self.count(other) == 2)
    }

    @Test func rowsInsertedBeforeAThrowAreRolledBack() throws {
        let (database, connection) = try Self.makeTable()
        #expect(throws: AbandonedByCaller.self) {
            try connection.transaction {
                try connection.query("INSERT INTO notes VALUES (\(Int64(1)), \("first"))")
                #expect(try Self.count(connection) == 1)
                throw AbandonedByCaller()
            }
        }
        #expect(try Self.count(connection) == 0)
        #expect(try Self.count(database.connect()) == 0)
        // No transaction is left open: a plain insert persists on its own.
        try connection.query("INSERT INTO notes VALUES (\(Int64(3)), \("after"))")
        #expect(try Self.count(database.connect()) == 1)
    }

    @Test func aServerErrorInsideRollsBackEverythingBeforeIt() throws {
        let (database, connection) = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.query("INSERT INTO notes VALUES (\(Int64(1)), \("first"))")
                try connection.query("INSERT INTO notes VALUES (\(Int64(1)), \("duplicate"))")
            }
        }
        #expect(error.sqlState == "23505")
        #expect(try Self.count(connection) == 0)
        try connection.query("INSERT INTO notes VALUES (\(Int64(1)), \("again"))")
        #expect(try Self.count(database.connect()) == 1)
    }

    @Test func aSwallowedServerErrorMakesTheCommitFailRatherThanLoseRowsSilently() throws {
        let (database, connection) = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.query("INSERT INTO notes VALUES (\(Int64(1)), \("first"))")
                _ = try? connection.query("INSERT INTO notes VALUES (\(Int64(1)), \("duplicate"))")
            }
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "25P02")
        #expect(try Self.count(database.connect()) == 0)
        #expect(try Self.count(connection) == 0)
    }
}

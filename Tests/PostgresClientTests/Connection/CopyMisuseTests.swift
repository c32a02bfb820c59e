import PostgresClient
import TestSupport
import Testing

@Suite struct CopyMisuseTests {
    private struct WriterGaveUp: Error {}

    private static func makeTable() throws -> PostgresConnection {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        try connection.execute(script: "CREATE TABLE items (id bigint NOT NULL, name text)")
        return connection
    }

    private static func count(_ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) FROM items").decode(Int.self, row: 0, column: 0)
    }

    @Test func aCopyFromRunThroughQueryIsAClearErrorAndTheConnectionStaysUsable() throws {
        let connection = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("COPY items FROM STDIN")
        }
        #expect(error.kind == .protocolViolation)
        #expect(error.description.contains("copyIn"))
        #expect(try Self.count(connection) == 0)
        try connection.query("INSERT INTO items VALUES (\(Int64(1)), \("one"))")
        #expect(try Self.count(connection) == 1)
    }

    @Test func aCopyToRunThroughQueryIsAClearErrorAndTheConnectionStaysUsable() throws {
        let connection = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("COPY (SELECT g FROM generate_series(1, 100000) g) TO STDOUT")
        }
        #expect(error.kind == .protocolViolation)
        #expect(error.description.contains("copyOut"))
        #expect(try connection.query("SELECT 6 * 7").decode(Int.self, row: 0, column: 0) == 42)
    }

    @Test func aCopyInWhoseBodyThrowsStoresNothingAndTheConnectionStaysUsable() throws {
        let connection = try Self.makeTable()
        #expect(throws: WriterGaveUp.self) {
            try connection.copyIn("COPY items (id, name) FROM STDIN") { writer in
                // More than one chunk, so some rows have reached the server before the throw.
                for id in 0..<50_000 {
                    try writer.write("\(id)\tname \(id)\n")
                }
                throw WriterGaveUp()
            }
        }
        #expect(try Self.count(connection) == 0)
        let stored = try connection.copyIn("COPY items (id, name) FROM STDIN") { writer in
            try writer.write("1\tone\n2\t\\N\n")
        }
        #expect(stored == 2)
        #expect(try Self.count(connection) == 2)
    }

    @Test func aCopyInWithBadTextDataGivesTheServerErrorAndTheConnectionStaysUsable() throws {
        let connection = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY items (id, name) FROM STDIN") { writer in
                try writer.write("1\tone\nnot-a-number\ttwo\n")
            }
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "22P02")
        #expect(try Self.count(connection) == 0)
        #expect(try connection.copyIn("COPY items (id, name) FROM STDIN") { try $0.write("3\tthree\n") } == 1)
    }

    @Test func aCopyInWithANullInANotNullColumnGivesTheConstraintsSQLState() throws {
        let connection = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY items (id, name) FROM STDIN (FORMAT binary)") { writer in
                try writer.withBuffer { bytes in
                    BinaryCopyFormat.appendHeader(to: &bytes)
                    BinaryCopyFormat.beginRow(fieldCount: 2, in: &bytes)
                    BinaryCopyFormat.appendNull(to: &bytes)
                    BinaryCopyFormat.append("nameless", to: &bytes)
                    BinaryCopyFormat.appendTrailer(to: &bytes)
                }
            }
        }
        #expect(error.sqlState == "23502")
        #expect(try Self.count(connection) == 0)
    }

    @Test func aCopyInWithATruncatedBinaryStreamGivesTheServerError() throws {
        let connection = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY items (id, name) FROM STDIN (FORMAT binary)") { writer in
                try writer.withBuffer { bytes in
                    BinaryCopyFormat.appendHeader(to: &bytes)
                    BinaryCopyFormat.beginRow(fieldCount: 2, in: &bytes)
                    BinaryCopyFormat.append(Int64(1), to: &bytes)
                }
            }
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "22P04")
        #expect(try Self.count(connection) == 0)
    }

    @Test func copyInOrCopyOutOfAPlainStatementIsAClearError() throws {
        let connection = try Self.makeTable()
        let intoError = try #require(throws: PostgresError.self) {
            try connection.copyIn("SELECT 1") { try $0.write("1\n") }
        }
        #expect(intoError.kind == .protocolViolation)
        let outError = try #require(throws: PostgresError.self) {
            try connection.copyOut("SELECT 1") { _ in }
        }
        #expect(outError.kind == .protocolViolation)
        let missing = try #require(throws: PostgresError.self) {
            try connection.copyOut("COPY no_such_table TO STDOUT") { _ in }
        }
        #expect(missing.sqlState == "42P01")
        #expect(try Self.count(connection) == 0)
    }

    @Test func aCopyOutWhoseBodyThrowsRethrowsAndTheConnectionStaysUsable() throws {
        let connection = try Self.makeTable()
        var seen = 0
        #expect(throws: WriterGaveUp.self) {
            try connection.copyOutText("COPY (SELECT g FROM generate_series(1, 10000) g) TO STDOUT") { row in
                seen += 1
                if try row.readInt64() == 3 { throw WriterGaveUp() }
            }
        }
        #expect(seen == 3)
        #expect(try connection.query("SELECT 6 * 7").decode(Int.self, row: 0, column: 0) == 42)
    }

    @Test func aServerErrorInTheMiddleOfACopyOutCarriesItsSQLState() throws {
        let connection = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyOutText("COPY (SELECT 10 / (5 - g) FROM generate_series(1, 10) g) TO STDOUT") { row in
                let value = try row.readInt64()
                #expect(value > 0)
            }
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "22012")
        #expect(try connection.query("SELECT 6 * 7").decode(Int.self, row: 0, column: 0) == 42)
    }
}

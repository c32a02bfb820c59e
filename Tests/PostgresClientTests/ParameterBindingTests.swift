import PostgresClient
import TestSupport
import Testing

@Suite struct ParameterBindingTests {
    private static let awkwardTexts = [
        "it's",
        "say \"hi\"",
        "back\\slash \\\\ and \\N and \\.",
        "Привіт, світе",
        "emoji 👋🏽 and a family 👨‍👩‍👧",
        "e\u{301} and a\u{308}\u{323} combining",
        "tab\tnew\nline\rreturn",
        "",
        "$1 and ? and %s are not placeholders",
    ]

    @Test func textWithQuotesBackslashesAndUnicodeComesBackUnchanged() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        for text in Self.awkwardTexts {
            let rows = try connection.query(
                "SELECT \(text)::text, octet_length(\(text)::text), length(\(text)::text)"
            )
            #expect(rows[0, 0] == text)
            #expect(try rows.decode(Int.self, row: 0, column: 1) == text.utf8.count)
            #expect(try rows.decode(Int.self, row: 0, column: 2) == text.unicodeScalars.count)
        }
    }

    @Test func tenMegabyteTextComesBackUnchanged() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let text = String(repeating: "ab'\"\\Я👋\u{301}\n", count: 1 << 20)
        #expect(text.utf8.count > 10_000_000)
        let rows = try connection.query("SELECT octet_length(\(text)::text), \(text)::text")
        #expect(try rows.decode(Int.self, row: 0, column: 0) == text.utf8.count)
        #expect(rows[0, 1] == text)
    }

    @Test func nilBindsAsSQLNull() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let noText: String? = nil
        let noNumber: Int64? = nil
        let someNumber: Int64? = 7
        // Explicit binds: interpolating an optional works too, but the compiler warns about it.
        let rows = try connection.query(
            PostgresQuery(
                sql: "SELECT $1::text IS NULL, $1::text, $2::bigint, $3::bigint",
                noText,
                noNumber,
                someNumber
            )
        )
        #expect(try rows.decode(Bool.self, row: 0, column: 0))
        #expect(rows[0, 1] == nil)
        #expect(try rows.decodeOptional(Int64.self, row: 0, column: 2) == nil)
        #expect(try rows.decodeOptional(Int64.self, row: 0, column: 3) == 7)
        #expect(throws: PostgresError.self) { try rows.decode(String.self, row: 0, column: 1) }
    }

    @Test func integersAtTheirBoundsComeBackExactly() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let rows = try connection.query(
            """
            SELECT \(Int64.max)::bigint, \(Int64.min)::bigint, \(Int32.max)::integer, \(Int32.min)::integer,
                   \(Int64.max)::bigint - 1, \(Int.min)::bigint = -9223372036854775808
            """
        )
        #expect(try rows.decode(Int64.self, row: 0, column: 0) == Int64.max)
        #expect(try rows.decode(Int64.self, row: 0, column: 1) == Int64.min)
        #expect(try rows.decode(Int32.self, row: 0, column: 2) == Int32.max)
        #expect(try rows.decode(Int32.self, row: 0, column: 3) == Int32.min)
        #expect(try rows.decode(Int64.self, row: 0, column: 4) == Int64.max - 1)
        #expect(try rows.decode(Bool.self, row: 0, column: 5))
    }

    @Test func anIntegerOutOfRangeIsAServerErrorNotAWrap() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("SELECT \(Int64.max)::integer")
        }
        #expect(error.sqlState == "22003")
    }

    @Test func booleansAndDoublesBindAsTheirSQLValues() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let rows = try connection.query(
            "SELECT \(true)::boolean, \(false)::boolean, NOT \(true)::boolean, \(0.1)::float8 = 0.1::float8, \(-2.5)::float8"
        )
        #expect(try rows.decode(Bool.self, row: 0, column: 0) == true)
        #expect(try rows.decode(Bool.self, row: 0, column: 1) == false)
        #expect(try rows.decode(Bool.self, row: 0, column: 2) == false)
        #expect(try rows.decode(Bool.self, row: 0, column: 3) == true)
        #expect(try rows.decode(Double.self, row: 0, column: 4) == -2.5)
    }

    @Test func textArraysKeepEveryElementIncludingNullsAndSyntax() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let elements: [String?] = Self.awkwardTexts + ["NULL", nil, "a,b", "{c}", " padded ", nil]
        let rows = try connection.query(
            "SELECT element FROM unnest(\(elements)::text[]) WITH ORDINALITY AS t(element, n) ORDER BY n"
        )
        #expect(rows.count == elements.count)
        for (index, element) in elements.enumerated() {
            #expect(rows[index, 0] == element, "element \(index)")
        }
    }

    @Test func integerAndEmptyArraysBindAsArrays() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        let numbers: [Int64] = [Int64.min, -1, 0, 1, Int64.max]
        let empty: [String] = []
        let rows = try connection.query(
            """
            SELECT cardinality(\(numbers)::bigint[]), (\(numbers)::bigint[])[1], (\(numbers)::bigint[])[5],
                   cardinality(\(empty)::text[])
            """
        )
        #expect(try rows.decode(Int.self, row: 0, column: 0) == numbers.count)
        #expect(try rows.decode(Int64.self, row: 0, column: 1) == Int64.min)
        #expect(try rows.decode(Int64.self, row: 0, column: 2) == Int64.max)
        #expect(try rows.decode(Int.self, row: 0, column: 3) == 0)
    }

    @Test func anSQLInjectionAttemptIsStoredAsData() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        try connection.execute(script: "CREATE TABLE victims (name text); INSERT INTO victims VALUES ('alice');")
        let attacks = [
            "x'); DROP TABLE victims; --",
            "' OR '1'='1",
            "\\'; DELETE FROM victims; --",
            "$$; DROP TABLE victims; $$",
        ]
        for attack in attacks {
            try connection.query("INSERT INTO victims (name) VALUES (\(attack))")
            let found = try connection.query("SELECT count(*) FROM victims WHERE name = \(attack)")
            #expect(try found.decode(Int.self, row: 0, column: 0) == 1, "\(attack)")
        }
        let rows = try connection.query("SELECT name FROM victims ORDER BY name")
        #expect(rows.count == attacks.count + 1)
        let names = (0..<rows.count).map { rows[$0, 0] }
        #expect(Set(names) == Set((attacks + ["alice"]).map(Optional.some)))
    }

    @Test func interpolationProducesNumberedPlaceholdersNeverValues() {
        let name = "x'); DROP TABLE victims; --"
        let query: PostgresQuery = "SELECT * FROM t WHERE name = \(name) AND id = \(Int64(5)) AND ok = \(true)"
        #expect(query.sql == "SELECT * FROM t WHERE name = $1 AND id = $2 AND ok = $3")
        #expect(query.binds == [PostgresBind(text: name), PostgresBind(text: "5"), PostgresBind(text: "t")])
    }
}

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

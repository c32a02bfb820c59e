import PostgresClient
import TestSupport
import Testing

@Suite struct SmokeTests {
    @Test func parameterBindingRoundTripsQuotesAndUnicode() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        let text = "it's \"quoted\" — Привіт 👋 \\ back"
        let rows = try connection.query("SELECT \(text)::text, \(Int64(42)) + 1")
        #expect(rows[0, 0] == text)
        #expect(try rows.decode(Int64.self, row: 0, column: 1) == 43)
    }
}

import ChatStore
import EventGenerator
import Foundation
import ReportRuns
import SLAAnalytics
import TestSupport
import Testing

/// The engine against the plain-SQL reference (`queries/reference/`) on generated traffic.
@Suite struct ReferenceCrossCheckTests {
    /// A realistic month of 20,000 dialogs (`chatsla generate --dialogs 20000`, business hours
    /// included: a default schedule, channels of their own, one in a DST zone, one round the
    /// clock), reported over its last week and over the whole month in two time zones: every cell
    /// of `channels.csv` and `daily.csv` from the engine equals the SQL reference's.
    @Test func engineMatchesTheSQLReferenceOnGeneratedData() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var lines: [String] = []
        let generator = EventGenerator(
            configuration: GeneratorConfiguration(dialogs: 20_000, days: 30, seed: 7, businessHours: true)
        )
        _ = generator.forEachLine { line in lines.append(String(decoding: line, as: UTF8.self)) }
        try ingestForTest(lines, into: connection)

        let cases = [
            scenarioParameters(from: "2026-10-25", to: "2026-10-31", asOf: "2026-11-01T00:00:00+00:00"),
            scenarioParameters(
                from: "2026-10-02",
                to: "2026-10-31",
                timeZone: "Europe/Kyiv",
                asOf: "2026-10-20T12:00:00+00:00"
            ),
        ]
        for parameters in cases {
            let engine = try ReportPipeline(url: database.url, workers: 2).run(parameters).report
            let reference = SQLReference(connection: connection)
            try reference.prepare(parameters)
            let sqlChannels = try reference.channels()
            let sqlDaily = try reference.daily()
            #expect(engine.channels.count > 5)
            #expect(engine.daily.count > 20)
            #expect(engine.channels.reduce(0) { $0 + $1.episodes } > 1_000)
            #expect(engine.channels.map(\.cells) == sqlChannels)
            #expect(engine.daily.map(\.cells) == sqlDaily)
            for (ours, theirs) in zip(engine.channels.map(\.cells), sqlChannels) where ours != theirs {
                Issue.record("channels.csv differs:\n engine    \(ours)\n reference \(theirs)")
            }
        }
    }
}

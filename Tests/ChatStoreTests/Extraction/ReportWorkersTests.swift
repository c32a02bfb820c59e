import ChatStore
import EventGenerator
import Foundation
import ReportRuns
import Reports
import SLAAnalytics
import TestSupport
import Testing

/// The report's files do not depend on how many worker streams read the dialogs.
@Suite struct ReportWorkersTests {
    /// Generated traffic (3,000 dialogs), reported with one, two and three workers: the five CSV
    /// files and index.html are byte for byte the same.
    @Test func oneTwoAndThreeWorkersWriteTheSameBytes() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var lines: [String] = []
        let generator = EventGenerator(configuration: GeneratorConfiguration(dialogs: 3_000, days: 10, seed: 11))
        _ = generator.forEachLine { line in lines.append(String(decoding: line, as: UTF8.self)) }
        try ingestForTest(lines, into: connection)
        let parameters = scenarioParameters(from: "2026-10-22", to: "2026-10-31", asOf: "2026-11-01T00:00:00+00:00")

        func files(workers: Int) throws -> [(name: String, bytes: [UInt8])] {
            let result = try ReportPipeline(url: database.url, workers: workers).run(parameters)
            let watermark = DataWatermark(lastEventAt: nil, eventCount: Int(result.watermark.acceptedEvents))
            let metadata = ReportMetadata(configuration: result.configuration, watermark: watermark)
            return try ReportWriter().files(report: result.report, metadata: metadata)
        }
        let one = try files(workers: 1)
        #expect(one.count == 6)
        #expect(one.allSatisfy { $0.bytes.count > 100 })
        for workers in [2, 3] {
            let other = try files(workers: workers)
            #expect(other.map(\.name) == one.map(\.name))
            for (mine, theirs) in zip(one, other) {
                #expect(mine.bytes == theirs.bytes, "\(mine.name) differs with \(workers) workers")
            }
        }
    }
}

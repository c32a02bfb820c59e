import ChatStore
import Foundation
import ReportRuns
import SLAAnalytics
import TestSupport
import Testing

/// `report --compare previous`: the report and the period before it, read from one snapshot.
@Suite struct ReportComparisonTests {
    @Test func thePreviousPeriodIsTheSameLengthJustBeforeWithTheSameAsOf() throws {
        let parameters = scenarioParameters(from: "2026-03-02", to: "2026-03-08", asOf: "2026-03-10T00:00:00+00:00")
        let previous = parameters.previousPeriod
        #expect(previous.from == LocalDate(year: 2026, month: 2, day: 23))
        #expect(previous.to == LocalDate(year: 2026, month: 3, day: 1))
        #expect(previous.asOf == parameters.asOf)
        #expect(previous.timeZone == parameters.timeZone)
    }

    /// Late events stamped in the previous period commit after the snapshot is exported: neither
    /// period sees them, and each equals its own run before the ingest.
    @Test func bothPeriodsReadOneSnapshot() throws {
        let database = try TestServer.shared.makeDatabase()
        var scenario = ReportReproducibilityTests.beforeAsOf()
        scenario.customer("d0", channel: "wa", at: Scenario.at("11:00", day: 1))
        scenario.reply("d0", by: "u2", at: Scenario.at("11:02", day: 1))
        try ReportReproducibilityTests.ingest(scenario.lines, url: database.url)
        let parameters = scenarioParameters(asOf: ReportReproducibilityTests.asOf)
        let pipeline = ReportPipeline(url: database.url, workers: 2)
        let current = try pipeline.run(parameters)
        let previous = try pipeline.run(parameters.previousPeriod)
        #expect(ScenarioReport(report: previous.report).channel("wa")?["episodes"] == "1")

        let ingested = scenario.lines.count
        scenario.customer("d9", channel: "wa", at: Scenario.at("15:00", day: 1))
        let late = Array(scenario.lines[ingested...])
        let url = database.url
        let both = try ReportPipeline(url: url, workers: 2) { try ReportReproducibilityTests.ingest(late, url: url) }
            .run(periods: [parameters, parameters.previousPeriod])
        #expect(both.count == 2)
        #expect(
            ReportReproducibilityTests.csvBytes(both[0].report) == ReportReproducibilityTests.csvBytes(current.report)
        )
        #expect(
            ReportReproducibilityTests.csvBytes(both[1].report) == ReportReproducibilityTests.csvBytes(previous.report)
        )
        let after = try pipeline.run(parameters.previousPeriod)
        #expect(ScenarioReport(report: after.report).channel("wa")?["episodes"] == "2")
    }
}

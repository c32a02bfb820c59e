import ChatDomain
import ChatStore
import EventGenerator
import Foundation
import ReportRuns
import SLAAnalytics
import TestSupport
import Testing

/// `chatsla limits set` goes through the ingestion rules; `limits show` and the report see it;
/// `tune` replays reproduce the report.
@Suite struct TimeLimitChangeTests {
    static let noon = parseInstant("2026-03-01T12:00:00+00:00") ?? 0

    @Test func everyInvalidValueIsRejectedWithItsCodeAndHistoryStaysAsItWas() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        try ingestForTest(Scenario().lines, into: connection)
        let reader = TimeLimitsReader(connection: connection)
        let before = try reader.history()
        #expect(before.count == 1)
        let cases: [(TimeLimitChange, String, String)] = [
            (
                change(warning: 45, processing: 600), "invalid_time_limit",
                "warning 45s is not a multiple of 30 seconds; use 30s or 1m"
            ),
            (
                change(warning: nil, processing: 20), "invalid_time_limit",
                "processing 20s is below the minimum of 30 seconds"
            ),
            (
                change(warning: nil, processing: 610), "invalid_time_limit",
                "processing 10m10s is not a multiple of 30 seconds; use 10m or 10m30s"
            ),
            (
                change(warning: 600, processing: 600), "invalid_time_limit",
                "warning 10m must be shorter than processing 10m"
            ),
            (change(warning: 900, processing: 600), "invalid_time_limit", "use a warning of at most 9m30s"),
            (change(warning: 300, processing: nil), "invalid_time_limit", "processing is required"),
            (change(by: "u1", warning: 300, processing: 600), "not_chat_admin", "only an admin or a chat admin"),
        ]
        for (change, code, advice) in cases {
            let outcome = try change.apply(connection: connection)
            guard case .rejected(let gotCode, _, let gotAdvice) = outcome else {
                Issue.record("\(change) was not rejected: \(outcome)")
                continue
            }
            #expect(gotCode == code)
            #expect(gotAdvice.contains(advice), "\(gotAdvice)")
        }
        #expect(try reader.history() == before)
    }

    @Test func validChangeShowsInLimitsShowAndInTheNextReport() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.reply("d1", at: Scenario.at("09:03"))
        try ingestForTest(scenario.lines, into: connection)

        let outcome = try change(channel: "tg", warning: 120, processing: 240).apply(connection: connection)
        #expect(outcome == .accepted(effectiveAt: Self.noon))

        let shown = try TimeLimitsReader(connection: connection).inEffect(at: Self.noon + 1)
        let tg = try #require(shown.first { $0.channel == "tg" })
        #expect(
            tg.setting
                == TimeLimitEntry(
                    channel: "tg",
                    warningSeconds: 120,
                    processingSeconds: 240,
                    effectiveAt: Self.noon,
                    setBy: "a1"
                )
        )
        #expect(!tg.inheritsDefault)
        let wa = try #require(shown.first { $0.channel == "wa" })
        #expect(wa.inheritsDefault && wa.setting?.processingSeconds == 600)
        #expect(shown.first?.channel == nil && shown.first?.setting?.warningSeconds == 300)
        // Before the change took effect, tg still had the default.
        let earlier = try TimeLimitsReader(connection: connection).inEffect(at: Self.noon - 1)
        #expect(earlier.first { $0.channel == "tg" }?.inheritsDefault == true)

        let report = try ReportPipeline(url: database.url, workers: 1).run(scenarioParameters()).report
        let row = try #require(report.channels.first { $0.channel == "tg" })
        #expect((row.warningSeconds, row.processingSeconds) == (120, 240))
        // 180 s wait: warning at 120 s reached, overdue at 240 s not.
        #expect((row.reachedWarning, row.reachedOverdue) == (1, 0))
    }

    @Test func replayOfTodaysLimitsReproducesTheReportOnGeneratedData() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var lines: [String] = []
        let generator = EventGenerator(configuration: GeneratorConfiguration(dialogs: 3_000, days: 14, seed: 5))
        _ = generator.forEachLine { line in lines.append(String(decoding: line, as: UTF8.self)) }
        try ingestForTest(lines, into: connection)
        let parameters = scenarioParameters(
            from: "2026-10-20",
            to: "2026-10-31",
            timeZone: "Europe/Kyiv",
            asOf: "2026-11-01T00:00:00+00:00"
        )
        let pipeline = ReportPipeline(url: database.url, workers: 2)
        let report = try pipeline.run(parameters).report
        let snapshot = try pipeline.snapshot(parameters)
        let replayed = PeriodReplay(configuration: snapshot.configuration, dialogs: snapshot.dialogs)
            .reports([snapshot.configuration])[0]
        #expect(report.channels.reduce(0) { $0 + $1.reachedWarning } > 10)
        #expect(replayed.channels == report.channels)
        #expect(replayed.breaches == report.breaches)
        #expect(replayed.daily == report.daily)
        // The light replay `tune` uses gives the same figures and breaches.
        let outcome = PeriodReplay(configuration: snapshot.configuration, dialogs: snapshot.dialogs)
            .outcomes([snapshot.configuration], withSamples: true)[0]
        let expected = ReplayOutcome(report)
        #expect(outcome.channels == expected.channels)
        #expect(Set(outcome.breaches) == Set(expected.breaches) && outcome.breaches.count == expected.breaches.count)
        #expect(outcome.waitSamples.map(\.peakClocks) == expected.waitSamples.map(\.peakClocks))
    }

    private func change(
        by: String = "a1",
        channel: String? = nil,
        warning: Int64?,
        processing: Int64?
    ) -> TimeLimitChange {
        TimeLimitChange(by: by, channel: channel, warningSeconds: warning, processingSeconds: processing, at: Self.noon)
    }
}

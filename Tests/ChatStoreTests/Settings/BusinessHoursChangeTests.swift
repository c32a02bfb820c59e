import ChatDomain
import ChatStore
import EventGenerator
import Foundation
import ReportRuns
import SLAAnalytics
import TestSupport
import Testing

/// `chatsla hours set` **[ext]** goes through the ingestion rules; `hours show` and the report see
/// it; `tune` replays count working time as the report does.
@Suite struct BusinessHoursChangeTests {
    static let noon = parseInstant("2026-03-01T12:00:00+00:00") ?? 0

    @Test func weekTextReadsRangesListsAndSeveralIntervals() throws {
        #expect(
            try BusinessHoursChange.week(parsing: "mon-fri 09:00-13:00,14:00-18:00; sat,sun 10:00-14:00")
                == [
                    "mon": [["09:00", "13:00"], ["14:00", "18:00"]], "tue": [["09:00", "13:00"], ["14:00", "18:00"]],
                    "wed": [["09:00", "13:00"], ["14:00", "18:00"]], "thu": [["09:00", "13:00"], ["14:00", "18:00"]],
                    "fri": [["09:00", "13:00"], ["14:00", "18:00"]], "sat": [["10:00", "14:00"]],
                    "sun": [["10:00", "14:00"]],
                ]
        )
        for bad in ["monday 09:00-18:00", "fri-mon 09:00-18:00", "mon 09:00", "mon-fri"] {
            #expect(throws: BusinessHoursChange.WeekSyntaxError.self, "\(bad)") {
                try BusinessHoursChange.week(parsing: bad)
            }
        }
    }

    @Test func invalidChangesAreRejectedWithTheirCodeAndTheHistoryStaysAsItWas() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        try ingestForTest(Scenario().lines, into: connection)
        let office = ["mon": [["09:00", "18:00"]]]
        let cases: [(BusinessHoursChange, String, String)] = [
            (change(zone: "Mars/Olympus", week: office), "invalid_business_hours", "hours.tz"),
            (
                change(week: ["mon": [["09:00", "13:00"], ["12:00", "18:00"]]]), "invalid_business_hours",
                "hours.week.mon[1]"
            ),
            (change(week: ["mon": [["09:00", "25:00"]]]), "invalid_business_hours", "hours.week.mon[0]"),
            (change(week: office, holidays: ["2026-13-01"]), "invalid_business_hours", "hours.holidays[0]"),
            (change(by: "u1", week: office), "not_chat_admin", "only an admin or a chat admin"),
            (change(channel: "nope", week: office), "invalid_event", "\"channel\""),
        ]
        for (change, code, text) in cases {
            let outcome = try change.apply(connection: connection)
            guard case .rejected(let gotCode, let message, let advice) = outcome else {
                Issue.record("\(change) was not rejected: \(outcome)")
                continue
            }
            #expect(gotCode == code)
            #expect((message + advice).contains(text), "\(message) \(advice)")
        }
        let shown = try BusinessHoursReader(connection: connection).inEffect(at: Self.noon + 1)
        #expect(shown.allSatisfy { $0.setting == nil })
    }

    /// The default gets Mon–Fri 09:00–18:00 UTC at noon 2026-03-01, wa `--none`: `hours show`
    /// lists both, and the report of 2026-03-02 counts tg's night message in working time (02:00,
    /// answered 09:45: 45 working minutes, warning 300 s and processing 600 s both reached at 09:05
    /// and 09:10) while wa's runs round the clock.
    @Test func validChangeShowsInHoursShowAndInTheNextReport() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("02:00"))
        scenario.customer("d2", channel: "wa", at: Scenario.at("02:00"))
        scenario.reply("d1", at: Scenario.at("09:45"))
        scenario.reply("d2", at: Scenario.at("09:45"))
        try ingestForTest(scenario.lines, into: connection)
        let office = try BusinessHoursChange.week(parsing: "mon-fri 09:00-18:00")
        #expect(
            try change(week: office, holidays: ["2026-03-09"]).apply(connection: connection)
                == .accepted(effectiveAt: Self.noon)
        )
        #expect(
            try change(channel: "wa", schedule: nil).apply(connection: connection) == .accepted(effectiveAt: Self.noon)
        )

        let shown = try BusinessHoursReader(connection: connection).inEffect(at: Self.noon)
        #expect(shown.map(\.channel) == [nil, "tg", "wa"])
        #expect(shown[0].setting?.hours?.weekText == "mon-fri 09:00-18:00")
        #expect(shown[0].setting?.hours?.holidays == ["2026-03-09"])
        #expect(shown[0].setting?.setBy == "a1")
        #expect(shown[1].inheritsDefault && shown[1].setting?.hours?.timeZone == "UTC")
        #expect(!shown[2].inheritsDefault && shown[2].setting != nil && shown[2].setting?.hours == nil)
        let earlier = try BusinessHoursReader(connection: connection).inEffect(at: Self.noon - 1)
        #expect(earlier.allSatisfy { $0.setting == nil })

        let report = try ReportPipeline(url: database.url, workers: 1).run(scenarioParameters()).report
        #expect(
            report.breaches.map(\.crossedAt.description) == ["2026-03-02T09:10:00+00:00", "2026-03-02T02:10:00+00:00"]
        )
    }

    /// tune replays under proposed limits with the same clock: d1 (night message at 02:00 under
    /// Mon–Fri 09:00–18:00, answered 09:45, 45 working minutes) reaches a proposed warning of
    /// 2400 s (at 09:40) but not a processing of 3000 s (09:50); round the clock it would reach
    /// both. The replay of today's limits equals the report, peak clocks included, on generated
    /// data with business hours.
    @Test func tuneReplaysCountWorkingTime() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var scenario = Scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("02:00"))
        scenario.reply("d1", at: Scenario.at("09:45"))
        try ingestForTest(scenario.lines, into: connection)
        let snapshot = try ReportPipeline(url: database.url, workers: 1).snapshot(scenarioParameters())
        let proposed = snapshot.configuration.proposing([
            "tg": LimitProposal(warningSeconds: 2400, processingSeconds: 3000)
        ])
        let outcome = PeriodReplay(configuration: snapshot.configuration, dialogs: snapshot.dialogs)
            .outcomes([proposed], withSamples: true)[0]
        let tg = try #require(outcome.channels.first { $0.channel == "tg" })
        #expect((tg.reachedWarning, tg.reachedOverdue) == (1, 0))
        #expect(outcome.breaches.map(\.crossedAt.description) == ["2026-03-02T09:40:00+00:00"])
        // The largest limit reached is the working time just before the reply: 45 min − 1 µs.
        #expect(outcome.waitSamples.first { $0.channel == "tg" }?.peakClocks == [2_700_000_000 - 1])
    }

    @Test func replayOfTodaysLimitsReproducesTheReportWithBusinessHours() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var lines: [String] = []
        let configuration = GeneratorConfiguration(dialogs: 3_000, days: 14, seed: 5, businessHours: true)
        _ = EventGenerator(configuration: configuration).forEachLine {
            lines.append(String(decoding: $0, as: UTF8.self))
        }
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
        #expect(snapshot.configuration.usesBusinessHours)
        let outcome = PeriodReplay(configuration: snapshot.configuration, dialogs: snapshot.dialogs)
            .outcomes([snapshot.configuration], withSamples: true)[0]
        let expected = ReplayOutcome(report)
        #expect(report.channels.reduce(0) { $0 + $1.reachedWarning } > 10)
        #expect(outcome.channels == expected.channels)
        #expect(Set(outcome.breaches) == Set(expected.breaches) && outcome.breaches.count == expected.breaches.count)
        #expect(outcome.waitSamples.map(\.peakClocks) == expected.waitSamples.map(\.peakClocks))
    }

    private func change(
        by: String = "a1",
        channel: String? = nil,
        zone: String = "UTC",
        week: [String: [[String]]],
        holidays: [String] = []
    ) -> BusinessHoursChange {
        change(by: by, channel: channel, schedule: .init(zone: zone, week: week, holidays: holidays))
    }

    private func change(
        by: String = "a1",
        channel: String? = nil,
        schedule: BusinessHoursChange.Schedule?
    )
        -> BusinessHoursChange
    {
        BusinessHoursChange(by: by, channel: channel, schedule: schedule, at: Self.noon)
    }
}

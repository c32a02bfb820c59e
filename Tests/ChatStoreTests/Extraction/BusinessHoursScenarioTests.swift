import ChatStore
import Foundation
import ReportRuns
import Reports
import SLAAnalytics
import TestSupport
import Testing

extension Scenario {
    /// A `settings.business_hours` event by admin `a1`: `week` as `["mon": [["09:00", "18:00"]], …]`.
    mutating func businessHours(
        channel: String? = nil,
        zone: String,
        week: [String: [[String]]],
        holidays: [String] = [],
        at: String
    ) {
        event(
            "settings.business_hours",
            at,
            [
                "by": ["user": "a1"], "channel": channel ?? NSNull(),
                "hours": ["tz": zone, "week": week, "holidays": holidays],
            ]
        )
    }

    /// `hours: null`: round the clock from `at` on.
    mutating func roundTheClock(channel: String? = nil, at: String) {
        event("settings.business_hours", at, ["by": ["user": "a1"], "channel": channel ?? NSNull(), "hours": NSNull()])
    }

    /// Monday to Friday, 09:00–18:00.
    static let officeWeek = ["mon", "tue", "wed", "thu", "fri"].reduce(into: [String: [[String]]]()) {
        $0[$1] = [["09:00", "18:00"]]
    }

    static let setup = "2026-03-01T00:00:00+00:00"
}

/// Runs a scenario as `runScenario` does, and also expects the SQL reference's crossing instants
/// (highest level per episode) to equal the engine's `breaches.csv`.
func runBusinessHoursScenario(
    _ scenario: Scenario,
    _ parameters: ReportParameters,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ScenarioReport {
    let database = try TestServer.shared.makeDatabase()
    let connection = try database.connect()
    defer { connection.close() }
    try ingestForTest(scenario.lines, into: connection)
    let report = try ReportPipeline(url: database.url, workers: 1).run(parameters).report
    let reference = SQLReference(connection: connection)
    try reference.prepare(parameters)
    #expect(report.channels.map(\.cells) == (try reference.channels()), "channels.csv", sourceLocation: sourceLocation)
    #expect(report.daily.map(\.cells) == (try reference.daily()), "daily.csv", sourceLocation: sourceLocation)
    let engineCrossings = report.breaches.map {
        [$0.dialog, String($0.episodeStartedAt.instant), $0.level.rawValue, String($0.crossedAt.instant)]
    }.sorted { ($0[0], Int64($0[1]) ?? 0) < ($1[0], Int64($1[1]) ?? 0) }
    #expect(engineCrossings == (try reference.crossings()), "crossings", sourceLocation: sourceLocation)
    return ScenarioReport(report: report)
}

/// Business hours **[ext]**, hand-computed: the SLA clock counts working time in the schedule in
/// effect when the episode opened; `wait_s` stays calendar time. Limits here: warning 1800 s,
/// processing 3600 s (set at the scenario's setup instant, after the directory's). 2026-03-02 is
/// a Monday. Every scenario also runs the SQL reference and expects the same cells and crossings.
@Suite struct BusinessHoursScenarioTests {
    static func scenario(clockStart: String? = nil) -> Scenario {
        var scenario = Scenario(clockStart: clockStart)
        scenario.limits(channel: nil, warning: 1800, processing: 3600, at: Scenario.setup)
        return scenario
    }

    /// Mon–Fri 09:00–18:00 UTC. A message at 02:00 Monday: the clock starts at 09:00, warning is
    /// crossed at 09:30; the reply at 09:45 is before overdue (10:00). Wait 7 h 45 min = 27900 s.
    @Test func episodeOpenedAtNightStartsItsClockAtTheNextOpening() throws {
        var scenario = Self.scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("02:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:45"))
        let report = try runBusinessHoursScenario(scenario, scenarioParameters())
        #expect(
            report.breaches == [
                [
                    "dialog": "d1", "channel": "tg", "level": "warning",
                    "episode_started_at": "2026-03-02T02:00:00+00:00", "crossed_at": "2026-03-02T09:30:00+00:00",
                    "ended_at": "2026-03-02T09:45:00+00:00", "outcome": "answered", "wait_s": "27900.0",
                    "responsible_at_crossing": "unassigned",
                ]
            ]
        )
        let tg = try #require(report.channel("tg"))
        #expect(tg["reached_warning"] == "1")
        #expect(tg["reached_overdue"] == "0")
        #expect(tg["reply_median_s"] == "27900.0")
    }

    /// Friday 2026-03-06 17:50: 10 working minutes that day, none on the weekend nor on Monday
    /// 2026-03-09 (a holiday); on Tuesday warning comes after 20 more minutes (09:20) and overdue
    /// after 50 (09:50). The reply at 09:40 Tuesday is late for warning only. Wait: 3 days
    /// 15 h 50 min = 316200 s.
    @Test func weekendAndHolidayInsideOneWaitAreNotCounted() throws {
        var scenario = Self.scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, holidays: ["2026-03-09"], at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("17:50", day: 6))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:40", day: 10))
        let report = try runBusinessHoursScenario(
            scenario,
            scenarioParameters(from: "2026-03-06", to: "2026-03-06", asOf: "2026-03-11T00:00:00+00:00")
        )
        #expect(report.breaches.map { $0["level"] } == ["warning"])
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-03-10T09:20:00+00:00"])
        #expect(report.breaches.map { $0["wait_s"] } == ["316200.0"])
    }

    /// d1 at 17:40 Monday: 20 minutes Monday, so warning at Tuesday 09:10 and overdue at 09:40;
    /// its reply exactly at 09:40 is on time for overdue. d2 at 17:30: the clock reaches 30 minutes
    /// at 18:00, the end of the day; a reply exactly at 18:00 is on time. d3 the same, replied at
    /// 18:30: late (crossed at 18:00), although no working time passed after 18:00.
    @Test func replyExactlyWhenWorkingTimeReachesTheLimitIsOnTime() throws {
        var scenario = Self.scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
        scenario.customer("d2", at: Scenario.at("17:30"))
        scenario.customer("d3", at: Scenario.at("17:30"))
        scenario.customer("d1", at: Scenario.at("17:40"))
        scenario.reply("d2", by: "u1", at: Scenario.at("18:00"))
        scenario.reply("d3", by: "u1", at: Scenario.at("18:30"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:40", day: 3))
        let report = try runBusinessHoursScenario(
            scenario,
            scenarioParameters(asOf: "2026-03-04T00:00:00+00:00")
        )
        #expect(report.breaches.map { $0["dialog"] } == ["d1", "d3"])
        #expect(report.breaches.map { $0["level"] } == ["warning", "warning"])
        #expect(
            report.breaches.map { $0["crossed_at"] } == ["2026-03-03T09:10:00+00:00", "2026-03-02T18:00:00+00:00"]
        )
        let tg = try #require(report.channel("tg"))
        #expect(tg["reached_warning"] == "2")
        #expect(tg["reached_overdue"] == "0")
    }

    /// Opened at 08:00 Monday, still open at as_of = 10:00: overdue (60 working minutes from
    /// 09:00) is crossed exactly at as_of and counts. d2, opened at 09:00:01, inside working
    /// hours, crosses overdue at 10:00:01, after as_of: warning only (09:30:01).
    @Test func openEpisodeCrossingExactlyAtAsOfCounts() throws {
        var scenario = Self.scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("08:00"))
        scenario.customer("d2", at: Scenario.at("09:00:01"))
        let report = try runBusinessHoursScenario(
            scenario,
            scenarioParameters(asOf: "2026-03-02T10:00:00+00:00")
        )
        #expect(
            report.breaches == [
                [
                    "dialog": "d1", "channel": "tg", "level": "overdue",
                    "episode_started_at": "2026-03-02T08:00:00+00:00", "crossed_at": "2026-03-02T10:00:00+00:00",
                    "ended_at": "", "outcome": "open", "wait_s": "7200.0", "responsible_at_crossing": "unassigned",
                ],
                [
                    "dialog": "d2", "channel": "tg", "level": "warning",
                    "episode_started_at": "2026-03-02T09:00:01+00:00", "crossed_at": "2026-03-02T09:30:01+00:00",
                    "ended_at": "", "outcome": "open", "wait_s": "3599.0", "responsible_at_crossing": "unassigned",
                ],
            ]
        )
    }

    /// America/New_York springs forward on Sunday 2026-03-08 at 02:00 EST (07:00Z) to 03:00 EDT.
    /// tg works Sunday 00:00–04:00 (05:00Z–08:00Z: 3 hours, not 4) and Monday 09:00–18:00 EDT
    /// (13:00Z–22:00Z); limits warning 5400 s, processing 10800 s. d1 writes at 00:30 EST
    /// (05:30Z): warning after 1.5 h at 07:00Z (03:00 EDT, across the change), 2.5 h by the end
    /// of Sunday's interval, overdue after 30 more minutes on Monday, 09:30 EDT (13:30Z); the reply
    /// at 10:00 EDT is late. wa works Sunday 02:30–05:00: 02:30 does not exist that day and takes
    /// the offset before the change, EST: 07:30Z (03:30 EDT), to 09:00Z; d2 writes at 07:00Z and
    /// reaches warning at 09:00Z, the end of the interval, exactly.
    @Test func dstDayInNewYorkCountsLocalIntervalsAsTheirRealLength() throws {
        var scenario = Self.scenario()
        scenario.limits(channel: nil, warning: 5400, processing: 10800, at: Scenario.setup)
        scenario.businessHours(
            channel: "tg",
            zone: "America/New_York",
            week: ["sun": [["00:00", "04:00"]], "mon": [["09:00", "18:00"]]],
            at: Scenario.setup
        )
        scenario.businessHours(
            channel: "wa",
            zone: "America/New_York",
            week: ["sun": [["02:30", "05:00"]]],
            at: Scenario.setup
        )
        scenario.customer("d1", at: Scenario.at("05:30", day: 8))
        scenario.customer("d2", channel: "wa", at: Scenario.at("07:00", day: 8))
        scenario.reply("d1", by: "u1", at: Scenario.at("14:00", day: 9))
        scenario.reply("d2", by: "u1", at: Scenario.at("10:00", day: 8))
        let report = try runBusinessHoursScenario(
            scenario,
            scenarioParameters(
                from: "2026-03-08",
                to: "2026-03-08",
                timeZone: "America/New_York",
                asOf: "2026-03-10T00:00:00+00:00"
            )
        )
        #expect(
            report.breaches == [
                [
                    "dialog": "d1", "channel": "tg", "level": "overdue",
                    "episode_started_at": "2026-03-08T00:30:00-05:00", "crossed_at": "2026-03-09T09:30:00-04:00",
                    "ended_at": "2026-03-09T10:00:00-04:00", "outcome": "answered", "wait_s": "117000.0",
                    "responsible_at_crossing": "unassigned",
                ],
                [
                    "dialog": "d2", "channel": "wa", "level": "warning",
                    "episode_started_at": "2026-03-08T03:00:00-04:00", "crossed_at": "2026-03-08T05:00:00-04:00",
                    "ended_at": "2026-03-08T06:00:00-04:00", "outcome": "answered", "wait_s": "10800.0",
                    "responsible_at_crossing": "unassigned",
                ],
            ]
        )
    }

    /// America/New_York falls back on Sunday 2026-11-01 at 02:00 EDT (06:00Z) to 01:00 EST, so
    /// 01:00–02:00 occurs twice. Sunday 01:30–03:00: 01:30 takes the first occurrence (EDT,
    /// 05:30Z) and 03:00 is EST (08:00Z): 2.5 hours. A message at 05:00Z (01:00 EDT) reaches
    /// warning (5400 s) at 07:00Z and overdue (10800 s) never that day: the reply at 08:30Z is late
    /// for warning only.
    @Test func fallBackDayTakesTheFirstOccurrenceOfARepeatedLocalTime() throws {
        var scenario = Self.scenario()
        scenario.limits(channel: nil, warning: 5400, processing: 10800, at: Scenario.setup)
        scenario.businessHours(zone: "America/New_York", week: ["sun": [["01:30", "03:00"]]], at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("05:00", day: 1, month: 11))
        scenario.reply("d1", by: "u1", at: Scenario.at("08:30", day: 1, month: 11))
        let report = try runBusinessHoursScenario(
            scenario,
            scenarioParameters(
                from: "2026-11-01",
                to: "2026-11-01",
                timeZone: "America/New_York",
                asOf: "2026-11-02T12:00:00+00:00"
            )
        )
        #expect(report.breaches.map { $0["level"] } == ["warning"])
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-11-01T02:00:00-05:00"])
    }

    /// The default works Mon–Fri 09:00–18:00; wa has its own schedule, every day 08:00–20:00.
    /// Both dialogs write at 19:00 Monday and are answered at 09:00 Tuesday: tg's clock has not
    /// started (no breach); wa's runs 19:00–20:00, so overdue is crossed at 20:00.
    @Test func channelScheduleOverridesTheDefault() throws {
        var scenario = Self.scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
        let everyDay = Scenario.officeWeek.keys.reduce(into: [
            "sat": [["08:00", "20:00"]], "sun": [["08:00", "20:00"]],
        ]) {
            $0[$1] = [["08:00", "20:00"]]
        }
        scenario.businessHours(channel: "wa", zone: "UTC", week: everyDay, at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("19:00"))
        scenario.customer("d2", channel: "wa", at: Scenario.at("19:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:00", day: 3))
        scenario.reply("d2", by: "u1", at: Scenario.at("09:00", day: 3))
        let report = try runBusinessHoursScenario(scenario, scenarioParameters(asOf: "2026-03-04T00:00:00+00:00"))
        #expect(report.breaches.map { $0["dialog"] } == ["d2"])
        #expect(report.breaches.map { $0["level"] } == ["overdue"])
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-03-02T20:00:00+00:00"])
        #expect(report.channel("tg")?["reached_warning"] == "0")
    }

    /// The default changes at 18:30 Monday from Mon–Fri 09:00–18:00 to every evening 19:00–21:00.
    /// d1 opened at 17:45 under the first: 15 minutes Monday, warning at 09:15 Tuesday, answered
    /// 09:20 (its clock stays on the first schedule, though the second is in effect by then). d2
    /// opened at 19:00 under the second: overdue at 20:00.
    @Test func scheduleChangedBetweenTwoEpisodesAppliesAsOfEachOpening() throws {
        var scenario = Self.scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("17:45"))
        let evenings = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].reduce(into: [String: [[String]]]()) {
            $0[$1] = [["19:00", "21:00"]]
        }
        scenario.businessHours(zone: "UTC", week: evenings, at: Scenario.at("18:30"))
        scenario.customer("d2", at: Scenario.at("19:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:20", day: 3))
        scenario.reply("d2", by: "u1", at: Scenario.at("09:20", day: 3))
        let report = try runBusinessHoursScenario(scenario, scenarioParameters(asOf: "2026-03-04T00:00:00+00:00"))
        #expect(report.breaches.map { $0["dialog"] } == ["d1", "d2"])
        #expect(report.breaches.map { $0["level"] } == ["warning", "overdue"])
        #expect(
            report.breaches.map { $0["crossed_at"] } == ["2026-03-03T09:15:00+00:00", "2026-03-02T20:00:00+00:00"]
        )
    }

    /// The default works Mon–Fri 09:00–18:00, but wa's own `hours: null` runs round the clock:
    /// its 19:00 message is overdue at 20:00. At 12:00 Tuesday the default itself becomes
    /// `hours: null`: tg's message at 19:00 Tuesday is overdue at 20:00 too, while tg's at 19:00
    /// Monday (answered Tuesday 09:10) was under the schedule: no breach.
    @Test func hoursNullRunsRoundTheClock() throws {
        var scenario = Self.scenario()
        scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
        scenario.roundTheClock(channel: "wa", at: Scenario.setup)
        scenario.customer("d1", at: Scenario.at("19:00"))
        scenario.customer("d2", channel: "wa", at: Scenario.at("19:00"))
        scenario.reply("d2", by: "u1", at: Scenario.at("21:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:10", day: 3))
        scenario.roundTheClock(at: Scenario.at("12:00", day: 3))
        scenario.customer("d3", at: Scenario.at("19:00", day: 3))
        scenario.reply("d3", by: "u1", at: Scenario.at("21:00", day: 3))
        let report = try runBusinessHoursScenario(
            scenario,
            scenarioParameters(from: "2026-03-02", to: "2026-03-03", asOf: "2026-03-04T00:00:00+00:00")
        )
        #expect(report.breaches.map { $0["dialog"] } == ["d2", "d3"])
        #expect(report.breaches.map { $0["level"] } == ["overdue", "overdue"])
        #expect(
            report.breaches.map { $0["crossed_at"] } == ["2026-03-02T20:00:00+00:00", "2026-03-03T20:00:00+00:00"]
        )
    }

    /// Messages at 17:50 Monday and 09:10 Tuesday, a reply at 09:30 Tuesday. The default policy
    /// restarts the clock at 09:10: 20 working minutes, no breach. `first_unanswered` counts from
    /// 17:50: 10 minutes Monday, warning at 09:20 Tuesday.
    @Test func bothClockStartPoliciesCountWorkingTime() throws {
        for (policy, expected) in [
            ("last_customer_message", [String]()), ("first_unanswered", ["2026-03-03T09:20:00+00:00"]),
        ] {
            var scenario = Self.scenario(clockStart: policy)
            scenario.businessHours(zone: "UTC", week: Scenario.officeWeek, at: Scenario.setup)
            scenario.customer("d1", at: Scenario.at("17:50"))
            scenario.customer("d1", at: Scenario.at("09:10", day: 3))
            scenario.reply("d1", by: "u1", at: Scenario.at("09:30", day: 3))
            let report = try runBusinessHoursScenario(scenario, scenarioParameters(asOf: "2026-03-04T00:00:00+00:00"))
            #expect(report.breaches.compactMap { $0["crossed_at"] } == expected, "\(policy)")
        }
    }

    /// The page's "Settings used" shows each channel's schedule (the default's for tg, wa's own
    /// round the clock) and says that breach times count working hours; without any schedule it
    /// says nothing of the kind.
    @Test func settingsUsedShowsTheSchedulePerChannelAndMarksWorkingHours() throws {
        var scenario = Self.scenario()
        scenario.businessHours(
            zone: "Europe/Kyiv",
            week: Scenario.officeWeek.merging(["sat": [["10:00", "14:00"]]]) { $1 },
            holidays: ["2026-03-09"],
            at: Scenario.setup
        )
        scenario.roundTheClock(channel: "wa", at: Scenario.setup)
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        try ingestForTest(scenario.lines, into: connection)
        let result = try ReportPipeline(url: database.url, workers: 1).run(scenarioParameters())
        let metadata = ReportMetadata(
            configuration: result.configuration,
            watermark: DataWatermark(lastEventAt: nil, eventCount: 0)
        )
        #expect(
            metadata.businessHours == [
                "tg": "Europe/Kyiv: mon-fri 09:00-18:00; sat 10:00-14:00; holidays 2026-03-09 (default)",
                "wa": "round the clock (own)",
            ]
        )
        let html = try ReportPage(report: result.report, metadata: metadata).render()
        #expect(html.contains("<th>Business hours</th>"))
        #expect(
            html.contains("<td>Europe/Kyiv: mon-fri 09:00-18:00; sat 10:00-14:00; holidays 2026-03-09 (default)</td>")
        )
        #expect(html.contains("breach times count working hours"))

        let without = try TestServer.shared.makeDatabase()
        let other = try without.connect()
        defer { other.close() }
        try ingestForTest(Self.scenario().lines, into: other)
        let bare = try ReportPipeline(url: without.url, workers: 1).run(scenarioParameters())
        let bareHTML = try ReportPage(
            report: bare.report,
            metadata: ReportMetadata(
                configuration: bare.configuration,
                watermark: DataWatermark(lastEventAt: nil, eventCount: 0)
            )
        ).render()
        #expect(!bareHTML.contains("breach times count working hours"))
        #expect(bareHTML.contains("<td>round the clock</td>"))
    }
}

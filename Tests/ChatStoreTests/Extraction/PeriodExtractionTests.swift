import ChatStore
import EventGenerator
import Foundation
import ReportRuns
import Reports
import SLAAnalytics
import TestSupport
import Testing

/// A report reads only the dialogs that can change a figure of its period
/// (`period_dialog_facts.sql`), yet writes the same bytes as a report that reads the whole history.
@Suite struct PeriodExtractionTests {
    /// Generated traffic over 30 days (2,000 dialogs), ingested once.
    static let database: Result<TestDatabase, any Error> = Result {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var lines: [String] = []
        let generator = EventGenerator(configuration: GeneratorConfiguration(dialogs: 2_000, days: 30, seed: 23))
        _ = generator.forEachLine { line in lines.append(String(decoding: line, as: UTF8.self)) }
        try ingestForTest(lines, into: connection)
        return database
    }

    /// One day (the window's last, and one in the middle), a week across the end of summer time in
    /// Berlin, and the month, in UTC and in Europe/Berlin; as of the end of the data, and once as of
    /// an instant inside the period.
    static let periods: [(from: String, to: String, asOf: String)] = [
        ("2026-10-31", "2026-10-31", "2026-11-01T00:00:00+00:00"),
        ("2026-10-14", "2026-10-14", "2026-11-01T00:00:00+00:00"),
        ("2026-10-20", "2026-10-26", "2026-11-01T00:00:00+00:00"),
        ("2026-10-20", "2026-10-26", "2026-10-23T13:30:00+00:00"),
        ("2026-10-01", "2026-10-31", "2026-11-01T00:00:00+00:00"),
    ]

    static let arguments: [(Int, String)] = periods.indices.flatMap { [($0, "UTC"), ($0, "Europe/Berlin")] }

    /// The five CSV files and index.html of a period-bounded run and of a full-history run.
    @Test(arguments: arguments)
    func periodRunWritesTheHistoryRunsBytes(period index: Int, timeZone: String) throws {
        let database = try Self.database.get()
        let period = Self.periods[index]
        let parameters = scenarioParameters(from: period.from, to: period.to, timeZone: timeZone, asOf: period.asOf)

        func files(_ extent: ReportPipeline.Extent) throws -> (files: [(name: String, bytes: [UInt8])], rows: Int) {
            let result = try ReportPipeline(url: database.url, workers: 2, extent: extent).run(parameters)
            let watermark = DataWatermark(lastEventAt: nil, eventCount: Int(result.watermark.acceptedEvents))
            let metadata = ReportMetadata(configuration: result.configuration, watermark: watermark)
            return (try ReportWriter().files(report: result.report, metadata: metadata), result.rowsRead)
        }
        let bounded = try files(.period)
        let history = try files(.history)
        #expect(bounded.files.count == 6)
        #expect(bounded.files.map(\.name) == history.files.map(\.name))
        for (mine, theirs) in zip(bounded.files, history.files) {
            #expect(mine.bytes == theirs.bytes, "\(mine.name) differs for \(period) in \(timeZone)")
        }
        // Something to compare: the period has episodes and breaches.
        let breaches = bounded.files.first { $0.name == "breaches.csv" }?.bytes.count ?? 0
        #expect(breaches > 200)
        // A day or a week reads a part of the history; the month (the whole window) reads it all.
        if period.from != "2026-10-01" {
            #expect(bounded.rows * 2 < history.rows, "\(bounded.rows) rows read of \(history.rows)")
        }
    }

    /// `tune` reads through the same extraction: its replays of a day and of a week give the
    /// figures of a replay of the whole history.
    @Test(arguments: [0, 2])
    func tuneReplaysTheSameFigures(period index: Int) throws {
        let database = try Self.database.get()
        let period = Self.periods[index]
        let parameters = scenarioParameters(
            from: period.from,
            to: period.to,
            timeZone: "Europe/Berlin",
            asOf: period.asOf
        )
        let bounded = try ReportPipeline(url: database.url, workers: 2, extent: .period).snapshot(parameters)
        let history = try ReportPipeline(url: database.url, workers: 2, extent: .history).snapshot(parameters)
        #expect(bounded.rowsRead < history.rowsRead)
        let configuration = bounded.configuration
        let proposal = configuration.proposing(
            Dictionary(
                uniqueKeysWithValues: configuration.includedChannelIDs.map {
                    ($0, LimitProposal(warningSeconds: 120, processingSeconds: 300))
                }
            ),
            clockStart: nil
        )
        let mine = PeriodReplay(configuration: configuration, dialogs: bounded.dialogs).reports([
            configuration, proposal,
        ])
        let theirs = PeriodReplay(configuration: history.configuration, dialogs: history.dialogs)
            .reports([history.configuration, proposal])
        #expect(mine.count == 2)
        for (left, right) in zip(mine, theirs) {
            #expect(left.channels.map(\.cells) == right.channels.map(\.cells))
            #expect(left.breaches.map(\.cells) == right.breaches.map(\.cells))
            #expect(left.daily.map(\.cells) == right.daily.map(\.cells))
            #expect(!left.breaches.isEmpty)
        }
    }
}

/// The dialogs a period-bounded report must read although they have no fact in the period.
@Suite struct PeriodExtractionEdgeTests {
    /// On 2026-03-05, u1 holds three dialogs open since before the day, none with a fact that day:
    /// d1 (open since the 2nd, closed on the 7th), d2 (closed on the 3rd, reopened on the 4th, then
    /// closed again by a close stamped on the 3rd but ingested after the reopen: its changes are
    /// out of time order), d3 (created on the 6th, but with a late message and a late assignment
    /// to u1 stamped on the 4th). d4 was closed on the 3rd. peak_open_dialogs of u1 is 3 on the
    /// 5th, and a report of the 5th reads d1, d2 and d3 but not d4 (runScenario holds every
    /// figure equal to a run over the whole history).
    @Test func dialogsOpenAtThePeriodsStartAreReadWithoutAFactInIt() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:05"))
        scenario.customer("d2", at: Scenario.at("09:10"))
        scenario.assign("d2", to: "u1", at: Scenario.at("09:11"))
        scenario.close("d2", at: Scenario.at("10:00", day: 3))
        scenario.customer("d4", at: Scenario.at("10:00"))
        scenario.assign("d4", to: "u1", at: Scenario.at("10:01"))
        scenario.close("d4", at: Scenario.at("11:00", day: 3))
        scenario.customer("d2", at: Scenario.at("09:00", day: 4))
        scenario.close("d2", at: Scenario.at("12:00", day: 3))
        scenario.customer("d3", at: Scenario.at("09:00", day: 6))
        scenario.customer("d3", at: Scenario.at("08:00", day: 4))
        scenario.assign("d3", to: "u1", at: Scenario.at("09:00", day: 4))
        scenario.close("d1", at: Scenario.at("10:00", day: 7))
        scenario.tick(at: Scenario.at("12:00", day: 7))
        let parameters = scenarioParameters(from: "2026-03-05", to: "2026-03-05", asOf: "2026-03-08T00:00:00+00:00")
        let report = try runScenario(scenario, parameters)
        let u1 = try #require(report.manager("u1"))
        #expect(u1["peak_open_dialogs"] == "3")
        #expect(u1["became_responsible"] == "0")
        let tg = try #require(report.channel("tg"))
        #expect(tg["dialogs"] == "0")
        #expect(tg["episodes"] == "0")
        // On the 4th: u1 holds d1 at its start, then d3 (opened by the late message at 08:00)
        // and d2 (reopened at 09:00).
        let before = try runScenario(
            scenario,
            scenarioParameters(from: "2026-03-04", to: "2026-03-04", asOf: "2026-03-08T00:00:00+00:00")
        )
        #expect(try #require(before.manager("u1"))["peak_open_dialogs"] == "3")
    }

    /// On 2026-03-05 no dialog has a fact. d1 (u1's since the 2nd, six messages, one of them a
    /// failed reply) is carried into the day open: read as its header and its fact log, one row.
    /// d2 (accepted under the privacy policy, then u1's) likewise: its earlier messages count from
    /// the acceptance. d3, still pending, is not read (it counts nowhere). u1 holds d1 and d2 all
    /// day: peak_open_dialogs 2, as a run over the whole history says (runScenario).
    @Test func aDialogCarriedIntoThePeriodIsReadAsItsHeaderAndLog() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        let failed = scenario.reply("d1", by: "u1", at: Scenario.at("09:02"))
        scenario.status(failed, "failed", at: Scenario.at("09:03"))
        scenario.customer("d1", at: Scenario.at("09:10"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:20"))
        scenario.customer("d1", at: Scenario.at("10:00", day: 3))
        scenario.reply("d1", by: "u1", at: Scenario.at("10:05", day: 3))
        scenario.event(
            "settings.chats",
            Scenario.at("12:00"),
            ["by": ["user": "a1"], "privacy_policy": ["enabled": true, "text": "Policy", "url": "https://x.test"]]
        )
        scenario.customer("d2", at: Scenario.at("13:00"))
        scenario.event("privacy.accepted", Scenario.at("13:05"), ["dialog": "d2"])
        scenario.assign("d2", to: "u1", at: Scenario.at("13:06"))
        scenario.reply("d2", by: "u1", at: Scenario.at("13:10"))
        scenario.customer("d3", at: Scenario.at("14:00"))
        scenario.customer("d3", at: Scenario.at("14:05"))
        scenario.tick(at: Scenario.at("12:00", day: 6))
        let parameters = scenarioParameters(from: "2026-03-05", to: "2026-03-05", asOf: "2026-03-06T12:00:00+00:00")
        let report = try runScenario(scenario, parameters)
        let u1 = try #require(report.manager("u1"))
        #expect(u1["peak_open_dialogs"] == "2")
        #expect(u1["messages_sent"] == "0")
        #expect(try #require(report.channel("tg"))["episodes"] == "0")

        #expect(try periodRowsRead(scenario, parameters) == 2)
    }
}

/// The report reads the period's extraction only where it is the cheaper read.
@Suite struct ExtractionChoiceTests {
    /// A day of a generated month reads the period's dialogs; a week and the month itself read
    /// the history; each as the forced extents give them.
    @Test func aDayReadsThePeriodAndAWeekOrTheMonthTheHistory() throws {
        let database = try PeriodExtractionTests.database.get()
        let day = scenarioParameters(from: "2026-10-31", to: "2026-10-31", asOf: "2026-11-01T00:00:00+00:00")
        let month = scenarioParameters(from: "2026-10-01", to: "2026-10-31", asOf: "2026-11-01T00:00:00+00:00")
        func rows(_ parameters: ReportParameters, _ extent: ReportPipeline.Extent) throws -> Int {
            try ReportPipeline(url: database.url, workers: 2, extent: extent).run(parameters).rowsRead
        }
        #expect(try rows(day, .automatic) == rows(day, .period))
        #expect(try rows(day, .automatic) < rows(day, .history))
        #expect(try rows(month, .automatic) == rows(month, .history))
        // A week is more than a twelfth of the month: the history's raw read is the cheaper.
        let week = scenarioParameters(from: "2026-10-25", to: "2026-10-31", asOf: "2026-11-01T00:00:00+00:00")
        #expect(try rows(week, .automatic) == rows(week, .history))
    }

    /// The nightly `report --compare previous` of a day: the day and the day before are read
    /// once, as one span of two days, and each gets the figures of its own run over the history.
    @Test func aDayAndTheDayBeforeAreReadOnceWithTheFiguresOfEach() throws {
        let database = try PeriodExtractionTests.database.get()
        let day = scenarioParameters(from: "2026-10-31", to: "2026-10-31", asOf: "2026-11-01T00:00:00+00:00")
        let both = try ReportPipeline(url: database.url, workers: 2).run(periods: [day, day.previousPeriod])
        let history = ReportPipeline(url: database.url, workers: 2, extent: .history)
        let alone = [try history.run(day), try history.run(day.previousPeriod)]
        for (together, own) in zip(both, alone) {
            #expect(
                ReportReproducibilityTests.csvBytes(together.report) == ReportReproducibilityTests.csvBytes(own.report)
            )
            #expect(!together.report.breaches.isEmpty)
        }
        // One read for both: the same rows, fewer than the two days' own reads.
        let separately = ReportPipeline(url: database.url, workers: 2)
        let ownRows = try separately.run(day).rowsRead + separately.run(day.previousPeriod).rowsRead
        #expect(both[0].rowsRead == both[1].rowsRead)
        #expect(both[0].rowsRead < ownRows)
    }
}

/// A period's chat orders come from its fact workers: those created in it, and those of the
/// dialogs read whose logs hold an order (schema 0021) and that can open in it.
@Suite struct PeriodChatOrderTests {
    /// The report of 2026-03-05 as of 03-06 12:00; the privacy policy holds tg from 03-04 12:00.
    /// - d1 (wa) opens at 03-05 09:00 (u1's); its order o1 (100.00) at 03-06 10:00 counts by
    ///   as_of: time to order 25 h = 90000 s; o9 at 03-06 13:00 is after as_of.
    /// - d2 (tg) writes at 03-04 13:00, pending; accepted at 03-05 08:00, which is where it opens
    ///   (the earlier message counts from the acceptance); u2's; its order o2 (40.00) at 03-06
    ///   10:30: 26.5 h = 95400 s. Its first customer message is before the period: only its
    ///   acceptance keeps it among the dialogs whose orders are looked up.
    /// - d3 (wa) opened on 03-03 with o3 (30.00); active on 03-05 with o4 (25.00) by u1: o4 is
    ///   u1's order of the period in managers.csv; d3 is not in the cohort and o3 is not read.
    /// The period reads d1, d2, d3 and the orders o1, o2, o4: 6 rows. runScenario holds every
    /// figure equal to a run over the whole history and to the SQL reference.
    @Test func cohortOrdersAfterThePeriodAndAcceptedDialogsCount() throws {
        var scenario = Scenario()
        scenario.customer("d3", channel: "wa", at: Scenario.at("09:00", day: 3))
        scenario.assign("d3", to: "u1", at: Scenario.at("09:01", day: 3))
        scenario.reply("d3", by: "u1", at: Scenario.at("09:02", day: 3))
        scenario.order("o3", number: "3", dialog: "d3", items: [("sku", 1, "30.00")], at: Scenario.at("09:30", day: 3))
        scenario.event(
            "settings.chats",
            Scenario.at("12:00", day: 4),
            [
                "by": ["user": "a1"],
                "privacy_policy": [
                    "enabled": true, "text": "Policy", "url": "https://x.test", "excluded_channels": ["wa"],
                ],
            ]
        )
        scenario.customer("d2", at: Scenario.at("13:00", day: 4))
        scenario.event("privacy.accepted", Scenario.at("08:00", day: 5), ["dialog": "d2"])
        scenario.assign("d2", to: "u2", at: Scenario.at("08:01", day: 5))
        scenario.reply("d2", by: "u2", at: Scenario.at("08:02", day: 5))
        scenario.customer("d1", channel: "wa", at: Scenario.at("09:00", day: 5))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01", day: 5))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:02", day: 5))
        scenario.customer("d3", channel: "wa", at: Scenario.at("11:00", day: 5))
        scenario.reply("d3", by: "u1", at: Scenario.at("11:05", day: 5))
        scenario.order("o4", number: "4", dialog: "d3", items: [("sku", 1, "25.00")], at: Scenario.at("11:10", day: 5))
        scenario.order("o1", number: "1", dialog: "d1", items: [("sku", 1, "100.00")], at: Scenario.at("10:00", day: 6))
        scenario.order(
            "o2",
            number: "2",
            dialog: "d2",
            by: "u2",
            items: [("sku", 1, "40.00")],
            at: Scenario.at("10:30", day: 6)
        )
        scenario.order("o9", number: "9", dialog: "d1", items: [("sku", 1, "7.00")], at: Scenario.at("13:00", day: 6))
        let parameters = scenarioParameters(from: "2026-03-05", to: "2026-03-05", asOf: "2026-03-06T12:00:00+00:00")
        let report = try runScenario(scenario, parameters, workers: 2)

        func row(_ channel: String, _ user: String, revenue: String, time: String) -> [String: String] {
            [
                "channel": channel, "store": "s1", "user": user, "dialogs": "1", "converted_dialogs": "1",
                "conversion_rate": "1.0000", "orders": "1", "revenue": revenue, "paid_revenue": "0.00",
                "average_order_value": revenue, "time_to_order_median_s": time,
            ]
        }
        #expect(
            report.orders == [
                row("tg", "u2", revenue: "40.00", time: "95400.0"), row("wa", "u1", revenue: "100.00", time: "90000.0"),
            ]
        )
        #expect(report.manager("u1")?["orders"] == "1")
        #expect(report.manager("u1")?["revenue"] == "25.00")

        #expect(try periodRowsRead(scenario, parameters) == 6)
    }
}

/// The rows a period-bounded run of two workers reads (dialog rows and chat orders) from
/// `scenario` ingested into a database of its own.
private func periodRowsRead(_ scenario: Scenario, _ parameters: ReportParameters) throws -> Int {
    let database = try TestServer.shared.makeDatabase()
    let connection = try database.connect()
    defer { connection.close() }
    try ingestForTest(scenario.lines, into: connection)
    return try ReportPipeline(url: database.url, workers: 2, extent: .period).run(parameters).rowsRead
}

import ChatStore
import Foundation
import PostgresClient
import ReportRuns
import Reports
import SLAAnalytics
import TestSupport
import Testing

/// Issue 15: a report as of an instant is the same bytes whatever is ingested after that instant
/// (SPEC §2), and one report reads one snapshot of the database however many connections it uses.
@Suite struct ReportReproducibilityTests {
    /// The CSV files of a report, by name, as the report command writes them.
    static func csvBytes(_ report: SLAReport) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for table in ReportTable.all(of: report) {
            var bytes: [UInt8] = []
            table.encode { bytes += $0 }
            files[table.fileName] = bytes
        }
        return files
    }

    static let asOf = "2026-03-03T00:00:00+00:00"

    /// Ingests on a connection of its own (the ingester holds its lock for the session).
    @Sendable static func ingest(_ lines: [String], url: String) throws {
        let writer = try PostgresConnection(url: url)
        defer { writer.close() }
        try ingestForTest(lines, into: writer)
    }

    /// Mar 2: u1 (Ulyana) and u2 (Umar) work on tg and wa, both of store s1; auto-close one day.
    /// d1 (tg): the customer writes at 09:00, u1 answers at 09:04, order o1 at 09:30. d2 (wa):
    /// unassigned, 10:00, answered by u2 at 10:20 (overdue). d3 (tg): u1 holds it, the customer
    /// writes at 22:00 and nobody answers (open at as_of, overdue). A tick at as_of: every close
    /// due by then is made.
    static func beforeAsOf() -> Scenario {
        var scenario = Scenario()
        scenario.autoCloseAssigned(after: 86_400, at: "2026-03-01T00:00:00+00:00")
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:04"))
        scenario.order("o1", number: "1001", dialog: "d1", items: [("sku-1", 2, "45.00")], at: Scenario.at("09:30"))
        scenario.customer("d2", channel: "wa", at: Scenario.at("10:00"))
        scenario.reply("d2", by: "u2", at: Scenario.at("10:20"))
        scenario.customer("d3", at: Scenario.at("22:00"))
        scenario.assign("d3", to: "u1", at: Scenario.at("22:01"))
        scenario.tick(at: asOf)
        return scenario
    }

    /// Events stamped after as_of: u1 renamed and made inactive, u2 renamed, a new user u3, a new
    /// store s2 and tg moved to it, wa renamed, new limits, the auto-close time shortened to
    /// 600 s (d3's last message + 600 s lies before as_of: it must not close before the setting),
    /// d2 taken by u3, new dialogs and an order, a tick.
    static func afterAsOf(_ scenario: inout Scenario) {
        let day3 = { (time: String) in Scenario.at(time, day: 3) }
        scenario.user("u1", name: "Ulyana Renamed", at: day3("08:00"))
        scenario.event(
            "user.upserted",
            day3("08:01"),
            [
                "user": "u2", "name": "Umar Later", "chat_access": true, "admin": false, "chat_admin": false,
                "active": false,
            ]
        )
        scenario.user("u3", name: "Newcomer", at: day3("08:02"))
        scenario.event("store.upserted", day3("08:03"), ["store": "s2", "name": "Second store"])
        scenario.event(
            "channel.upserted",
            day3("08:04"),
            ["channel": "tg", "name": "Telegram moved", "kind": "telegram", "store": "s2"]
        )
        scenario.event(
            "channel.upserted",
            day3("08:05"),
            ["channel": "wa", "name": "WhatsApp renamed", "kind": "whatsapp", "store": "s1"]
        )
        scenario.event(
            "channel.upserted",
            day3("08:06"),
            ["channel": "vb", "name": "Viber", "kind": "viber", "store": "s2"]
        )
        scenario.limits(channel: nil, warning: 60, processing: 120, at: day3("08:07"))
        scenario.autoCloseAssigned(after: 600, at: day3("08:08"))
        scenario.assign("d2", to: "u3", at: day3("08:09"))
        scenario.customer("d4", at: day3("09:00"))
        scenario.assign("d4", to: "u1", at: day3("09:01"))
        scenario.order("o2", number: "1002", dialog: "d4", items: [("sku-2", 1, "10.00")], at: day3("09:30"))
        scenario.tick(at: day3("23:00"))
    }

    @Test func csvBytesAsOfAnInstantDoNotChangeWithWhatIsIngestedAfterIt() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var scenario = Self.beforeAsOf()
        try ingestForTest(scenario.lines, into: connection)
        let parameters = scenarioParameters(asOf: Self.asOf)
        let before = try ReportPipeline(url: database.url, workers: 2).run(parameters)
        let first = Self.csvBytes(before.report)

        let ingested = scenario.lines.count
        Self.afterAsOf(&scenario)
        try ingestForTest(Array(scenario.lines[ingested...]), into: connection)
        let after = try ReportPipeline(url: database.url, workers: 2).run(parameters)
        let second = Self.csvBytes(after.report)

        #expect(first.keys.sorted() == second.keys.sorted())
        for (name, bytes) in first {
            #expect(second[name] == bytes, "\(name) changed: \(String(decoding: second[name] ?? [], as: UTF8.self))")
        }
        // What the bytes hold, as of Mar 3 00:00: the names, store and limits of then.
        let report = ScenarioReport(report: after.report)
        #expect(report.manager("u1")?["name"] == "Ulyana")
        #expect(report.manager("u2")?["name"] == "Umar")
        #expect(report.manager("u3") == nil)
        #expect(report.orders.map { $0["store"] } == ["s1", "s1"])
        #expect(report.channel("tg")?["processing_s"] == "600")
        #expect(report.channel("vb") == nil)
        #expect(report.channel("tg")?["open"] == "1")
        // The later events did take effect: a report as of Mar 4 shows them.
        let later = ScenarioReport(
            report: try ReportPipeline(url: database.url, workers: 2)
                .run(scenarioParameters(to: "2026-03-03", asOf: "2026-03-04T00:00:00+00:00")).report
        )
        #expect(later.manager("u1")?["name"] == "Ulyana Renamed")
        #expect(later.manager("u3")?["name"] == "Newcomer")
        #expect(later.orders.contains { $0["channel"] == "tg" && $0["store"] == "s2" })
        // d3 closed when the shorter time was set (Mar 3 08:08), not at 22:00 + 600 s on Mar 2.
        #expect(
            try connection.query(
                PostgresQuery(
                    sql: """
                        SELECT to_char(c.at AT TIME ZONE 'UTC', 'MM-DD HH24:MI') FROM dialog_status_changes c
                        JOIN dialogs d USING (dialog_key) WHERE d.dialog_id = 'd3' AND c.change = 'closed'
                        """
                )
            ).decode(String.self, row: 0, column: 0) == "03-03 08:08"
        )
    }

    /// One snapshot for all connections: an ingest of late events (stamped in the period, so
    /// they change its figures) commits after the report exported its snapshot and before any
    /// worker reads (the pipeline's test hook). The report equals the one of the state before,
    /// watermark included; a report run afterwards equals the state after.
    @Test(arguments: [1, 2, 3])
    func aReportSeesTheStateBeforeAnIngestThatCommitsWhileItRuns(workers: Int) throws {
        let database = try TestServer.shared.makeDatabase()
        var scenario = Self.beforeAsOf()
        try Self.ingest(scenario.lines, url: database.url)
        let parameters = scenarioParameters(asOf: Self.asOf)
        let before = try ReportPipeline(url: database.url, workers: workers).run(parameters)

        let ingested = scenario.lines.count
        scenario.reply("d3", by: "u1", at: Scenario.at("22:03"))
        scenario.customer("d5", channel: "wa", at: Scenario.at("12:00"))
        scenario.reply("d5", by: "u2", at: Scenario.at("12:01"))
        let late = Array(scenario.lines[ingested...])
        let url = database.url
        let during = try ReportPipeline(url: url, workers: workers) { try Self.ingest(late, url: url) }
            .run(parameters)
        let after = try ReportPipeline(url: database.url, workers: workers).run(parameters)

        #expect(Self.csvBytes(during.report) == Self.csvBytes(before.report))
        #expect(during.watermark == before.watermark)
        #expect(Self.csvBytes(after.report) != Self.csvBytes(before.report))
        #expect(after.watermark.acceptedEvents == before.watermark.acceptedEvents + 3)
        #expect(ScenarioReport(report: after.report).channel("wa")?["episodes"] == "2")
    }

    /// `tune` reads through the same shared snapshot.
    @Test func tuneSeesTheStateBeforeAnIngestThatCommitsWhileItRuns() throws {
        let database = try TestServer.shared.makeDatabase()
        var scenario = Self.beforeAsOf()
        try Self.ingest(scenario.lines, url: database.url)
        let parameters = scenarioParameters(asOf: Self.asOf)
        let before = try ReportPipeline(url: database.url, workers: 2).snapshot(parameters)
        let ingested = scenario.lines.count
        scenario.customer("d5", channel: "wa", at: Scenario.at("12:00"))
        let late = Array(scenario.lines[ingested...])
        let url = database.url
        let during = try ReportPipeline(url: url, workers: 2) { try Self.ingest(late, url: url) }
            .snapshot(parameters)
        let after = try ReportPipeline(url: database.url, workers: 2).snapshot(parameters)
        #expect(during.dialogs.count == before.dialogs.count)
        #expect(during.rowsRead == before.rowsRead)
        #expect(during.watermark == before.watermark)
        #expect(after.dialogs.count == before.dialogs.count + 1)
    }
}

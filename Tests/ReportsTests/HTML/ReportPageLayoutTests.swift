import ChatDomain
import SLAAnalytics
import Testing

@testable import Reports

/// The page as a manager reads it: names instead of ids, summaries before details, the previous
/// period beside each figure, money in the report's currency.
@Suite struct ReportPageLayoutTests {
    private var metadata: ReportMetadata {
        var metadata = ReportFixture.metadata
        metadata.storeNames = ["@store": "Main <store>"]
        metadata.responsibleNames = ["u1": "Ann", "bot:b1": "Greeter"]
        return metadata
    }

    private func page(_ report: SLAReport = ReportFixture.report, metadata: ReportMetadata? = nil) throws -> String {
        try ReportPage(report: report, metadata: metadata ?? self.metadata).render()
    }

    @Test func eachSmallChartHasItsChannelNameAsAHeadingAboveIt() throws {
        var report = ReportFixture.report
        report.waitSamples = [
            ChannelWaitSamples(channel: "tg-main", episodes: 4, answeredWaits: [10_000_000], peakClocks: [])
        ]
        let html = try page(report)
        #expect(
            html.contains(
                "<figure><figcaption class=\"chart-title\"><bdi>Telegram &lt;b&gt;&amp;&lt;/b&gt; &quot;main&quot;</bdi>"
                    + "</figcaption><svg class=\"chart\""
            )
        )
        #expect(html.contains("aria-label=\"Telegram &lt;b&gt;&amp;&lt;/b&gt; &quot;main&quot;: share of 4 episodes"))
    }

    @Test func tablesShowNamesWithTheIdBesideThem() throws {
        let html = try page()
        #expect(
            html.contains(
                "<td class=\"who\"><bdi>Telegram &lt;b&gt;&amp;&lt;/b&gt; &quot;main&quot;</bdi>"
                    + "<span class=\"id-note\"><bdi>tg-main</bdi></span></td>"
            )
        )
        // The full conversion table: channel, store and responsible by name.
        #expect(
            html.contains("<td class=\"who\"><bdi>Main &lt;store&gt;</bdi></td><td class=\"who\"><bdi>Ann</bdi></td>")
        )
    }

    @Test func conversionHasSummariesPerChannelAndResponsibleAndTheFullTableFolded() throws {
        var report = ReportFixture.report
        var second = report.orders[0]
        second.user = "bot:b1"
        second.dialogs = 1
        second.convertedDialogs = 1
        second.orders = 1
        second.revenue = Money(cents: 1000)
        second.paidRevenue = Money(cents: 1000)
        report.orders.append(second)
        let html = try page(report)
        #expect(html.contains("<h3>Per channel</h3>"))
        #expect(html.contains("<h3>Per responsible</h3>"))
        #expect(html.contains("<summary>Every channel, store and responsible (2 rows, as in orders.csv)</summary>"))
        // Per channel: 3 + 1 dialogs, 1 + 1 converted.
        #expect(html.contains("<td class=\"num\">4</td><td class=\"num\"><span class=\"rate\">2 · 50.0 %"))
        #expect(
            html.contains(
                "<td class=\"who\"><bdi>Greeter (bot)</bdi><span class=\"id-note\"><bdi>bot:b1</bdi></span></td>"
            )
        )
        let summary = try #require(html.range(of: "<h3>Per responsible</h3>"))
        let details = try #require(html.range(of: "<details>\n<summary>Every channel"))
        #expect(summary.lowerBound < details.lowerBound)
    }

    @Test func managersComeInNaturalOrderWithTheInactiveFoldedAndATotalsRow() throws {
        var report = ReportFixture.report
        var tenth = report.managers[0]
        tenth.user = "u10"
        tenth.name = "Agent 10"
        tenth.messagesSent = 7
        var second = report.managers[0]
        second.user = "u3"
        second.name = "Agent 2"
        second.messagesSent = 4
        report.managers += [tenth, second]
        let html = try page(report)
        let agent2 = try #require(html.range(of: "<bdi>Agent 2</bdi>"))
        let agent10 = try #require(html.range(of: "<bdi>Agent 10</bdi>"))
        #expect(agent2.lowerBound < agent10.lowerBound)
        // u2 has no figure at all: folded away, by name.
        #expect(html.contains("<summary>1 users with no activity in the period</summary>"))
        #expect(html.contains("<bdi>+Line one\r\nline two</bdi> <span class=\"muted\">(<bdi>u2</bdi>)</span>"))
        // Totals: 5 + 7 + 4 messages; revenue −3.00 × 3.
        #expect(html.contains("<tfoot><tr><td><bdi>All users</bdi></td>"))
        #expect(html.contains("<td class=\"num sep\">16</td>"))
        #expect(html.contains("<td class=\"num\">-9.00</td></tr></tfoot>"))
    }

    @Test func thePageSaysWhatEachRevenueCounts() throws {
        let html = try page()
        #expect(html.contains("the chat orders each user created in the period, in any dialog (-3.00 in all)"))
        #expect(html.contains("(12\u{202F}900.50) counts instead the orders of the dialogs opened in the period"))
    }

    @Test func theCurrencyIsOnThePageOnly() throws {
        var metadata = self.metadata
        metadata.currency = "EUR"
        let html = try page(metadata: metadata)
        #expect(
            html.contains("<div class=\"label\">Chat revenue, EUR</div><div class=\"value\">12\u{202F}900.50</div>")
        )
        #expect(html.contains("<th class=\"num\">Revenue, EUR</th><th class=\"num\">Paid, EUR</th>"))
        #expect(html.contains("(12\u{202F}900.50\u{00A0}EUR) counts instead"))
        let csv = ReportTable.all(of: ReportFixture.report).map { String(decoding: $0.document.bytes, as: UTF8.self) }
        #expect(!csv.joined().contains("EUR"))
    }

    @Test func aChannelWithoutAWarningLimitIsExplained() throws {
        var report = ReportFixture.report
        report.channels[1].episodes = 2
        report.channels[1].reachedOverdue = 1
        report.breaches[0].channel = "wa,\"quoted\""
        let html = try page(report)
        #expect(html.contains("A channel without a warning limit (—) has overdue breaches only"))
        // Overdue 1 + 1, reached warning 2, warning only 1: 2 − (2 − 1) = 1 overdue had no warning limit.
        #expect(html.contains("Here 1 of the 2 overdue episodes had no warning limit to cross."))
    }

    @Test func thePreviousPeriodShowsBesideTilesAndChannels() throws {
        var before = ReportFixture.report
        before.channels[0].episodes = 5
        before.channels[0].reachedWarning = 1
        before.channels[0].warningRate = Rate(1, over: 4)
        before.channels[0].replyMedian = TenthsOfSecond(tenths: 1_250)
        var metadata = self.metadata
        metadata.previous = ReportMetadata.PreviousPeriod(
            from: LocalDate(year: 2026, month: 2, day: 22),
            to: LocalDate(year: 2026, month: 2, day: 28),
            report: before
        )
        let html = try page(metadata: metadata)
        #expect(html.contains("<dt>Compared with</dt><dd>2026-02-22 – 2026-02-28"))
        // Episodes 4 against 5: −20.0 %; warning 50 % against 25 %: +25.0 pt, worse; overdue unchanged.
        #expect(html.contains("<span class=\"change same\" title=\"previous period: 5\">▼\u{00A0}20.0 %</span>"))
        #expect(html.contains("<span class=\"change worse\" title=\"previous period: 25.0 %\">▲\u{00A0}25.0 pt</span>"))
        #expect(html.contains("<span class=\"change same\" title=\"previous period: 25.0 %\">=\u{00A0}0.0 pt</span>"))
        // Reply p50 100 s against 125 s: 25 s faster, better.
        #expect(
            html.contains("<span class=\"change better\" title=\"previous period: 2 min 05 s\">▼\u{00A0}25.0 s</span>")
        )
        // The tile: reached warning 2 of 4 against 1 of 5 episodes (20.0 %).
        #expect(
            html.contains("<div class=\"change worse\">▲\u{00A0}30.0 pt <span class=\"muted\">vs 20.0 %</span></div>")
        )
    }

    @Test func withoutAComparisonNoChangeIsShown() throws {
        let html = try page()
        #expect(!html.contains("Compared with"))
        #expect(!html.contains("class=\"change"))
    }

    @Test func shareChartTicksAreRoundDurations() {
        let samples = ChannelWaitSamples(channel: "tg", episodes: 1, answeredWaits: [1_000_000], peakClocks: [])
        let twentyMinutes = WaitShareChart(samples: samples, warningSeconds: nil, processingSeconds: 900)
        #expect(twentyMinutes.timeTicks.map(\.tickText) == ["0s", "10m", "20m", "30m"])
        // 2 × 33m45s = 1h7m30s is not a round end: the axis goes on to 1h15m in steps of 15 minutes.
        let odd = WaitShareChart(samples: samples, warningSeconds: nil, processingSeconds: 2_025)
        #expect(odd.timeTicks.map(\.tickText) == ["0s", "15m", "30m", "45m", "1h", "1h15m"])
        // The last label is centred on the plot's right edge, with room for half of it inside the chart.
        #expect(Double(odd.timeTicks.last?.tickX ?? "") == Double(odd.plotRight))
        #expect(Double(WaitShareChart.width) - (Double(odd.plotRight) ?? 0) >= 24)
    }

    @Test func namesSortAsPeopleSortThem() {
        let names = ["u10", "u2", "Agent 10", "agent 9", "u1", "Bob"]
        #expect(names.sorted(by: NaturalOrder.precedes) == ["agent 9", "Agent 10", "Bob", "u1", "u2", "u10"])
    }
}

import SLAAnalytics
import Testing

@testable import Reports

@Suite struct ReportPageTests {
    private func page(_ report: SLAReport = ReportFixture.report) throws -> String {
        try ReportPage(report: report, metadata: ReportFixture.metadata).render()
    }

    @Test func thePageIsAnHTML5DocumentInEnglishWithUTF8() throws {
        let html = try page()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func thePageContainsEverySection() throws {
        let html = try page()
        for id in ["summary", "settings", "channels", "daily", "managers", "conversion", "breaches"] {
            #expect(html.contains("<section id=\"\(id)\""), "missing section \(id)")
        }
        for heading in [
            "Settings used", "SLA per channel", "Daily trends", "Manager workload", "Conversion and revenue",
            "Worst breaches",
        ] {
            #expect(html.contains("<h2>\(heading)</h2>"))
        }
    }

    @Test func theHeaderStatesPeriodTimeZoneAsOfWatermarkAndPolicies() throws {
        let html = try page()
        #expect(html.contains("2026-03-01 – 2026-03-07"))
        #expect(html.contains("Europe/Moscow"))
        #expect(html.contains("2026-03-08 12:00:00+03:00"))  // as of
        #expect(html.contains("last event 2026-03-07 12:00:00+03:00; 48\u{202F}213 events ingested"))
        #expect(html.contains("last_customer_message"))
        #expect(html.contains("off: only a user’s reply stops the clock") || html.contains("off: only a user&#39;s"))
        #expect(html.contains("<td class=\"num\">5 min</td><td class=\"num\">15 min</td>"))
    }

    @Test func stringsFromTheDataAreEscaped() throws {
        let html = try page()
        #expect(!html.contains("<script>"))
        #expect(html.contains("Ann &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Bo&#39;"))
        #expect(html.contains("Telegram &lt;b&gt;&amp;&lt;/b&gt; &quot;main&quot;"))
        #expect(html.contains("wa,&quot;quoted&quot;"))
        #expect(html.contains("=cmd|&#39; /C calc&#39;!A0"))
        #expect(!html.contains("<b>&</b>"))
    }

    @Test func everyIdAndNameFromTheDataIsIsolatedInABdi() throws {
        var report = ReportFixture.report
        report.managers[0].name = "Ann \u{202E}gnp.exe"
        report.breaches[1].dialog = "d-\u{202E}2"
        let html = try page(report)
        // A right-to-left override in a name reorders only that name, not the cells around it.
        #expect(html.contains("<bdi>Ann \u{202E}gnp.exe</bdi>"))
        #expect(html.contains("<bdi>d-\u{202E}2</bdi>"))
        #expect(html.contains("<span class=\"id-note\"><bdi>u1</bdi></span>"))
        #expect(html.contains("<bdi>tg-main</bdi>"))
        #expect(html.contains("<bdi>=cmd|&#39; /C calc&#39;!A0</bdi>"))
        #expect(html.contains("<bdi>@store</bdi>"))
        #expect(html.contains("<bdi>b1 (bot)</bdi>"))
        // Every bidi control from the data sits inside a bdi of its own.
        let outside = html.components(separatedBy: "<bdi>").dropFirst().map {
            String($0.split(separator: "</bdi>", maxSplits: 1).last ?? "")
        }
        #expect(outside.allSatisfy { !$0.contains("\u{202E}") })
    }

    @Test func thePageLoadsNothingFromElsewhereAndRunsNoScript() throws {
        let html = try page().lowercased()
        for forbidden in [
            "<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(", "http://", "https://",
        ] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        #expect(html.contains("<style>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("@media print"))
    }

    @Test func rateBarsAreDrawnToScaleBesideTheLimits() throws {
        let html = try page()
        // tg-main: 2 of 4 episodes reached warning (limit 5 min), 1 of 4 overdue (limit 15 min).
        #expect(
            html.contains("<td class=\"num sep\">5 min</td>\n<td class=\"num\"><span class=\"rate\">2 · 50.0 %<svg")
        )
        #expect(html.contains("<rect class=\"bar-warning\" x=\"0\" y=\"0\" width=\"50.0\" height=\"10\"/>"))
        #expect(html.contains("<rect class=\"bar-overdue\" x=\"0\" y=\"0\" width=\"25.0\" height=\"10\"/>"))
        #expect(html.contains("<rect class=\"bar-conversion\" x=\"0\" y=\"0\" width=\"33.3\" height=\"10\"/>"))
    }

    @Test func missingFiguresShowAsADash() throws {
        let html = try page()
        // The second channel has no episodes: medians, rates and limits do not exist.
        #expect(html.contains("<td class=\"num\" title=\"—\">—</td>"))
        #expect(html.contains("<span class=\"rate\">0 · —</span>"))
        // The open breach has no end.
        #expect(html.contains("<td class=\"when\" title=\"still open\">—</td>"))
    }

    @Test func theWorstBreachesComeLongestWaitFirstWithTheirDialogs() throws {
        let html = try page()
        let first = try #require(html.range(of: "<bdi>=cmd|&#39; /C calc&#39;!A0</bdi>"))
        let second = try #require(html.range(of: "<td class=\"id\"><bdi>d-2</bdi></td>"))
        #expect(first.lowerBound < second.lowerBound)
        #expect(html.contains("<span class=\"badge overdue\">overdue</span>"))
        #expect(html.contains("2 h 30 min"))
    }

    /// Five per channel, each channel under its name; local times to the second, RFC 3339 in the tooltip.
    @Test func theWorstBreachesAreTheFiveLongestOfEachChannel() throws {
        var report = ReportFixture.report
        report.breaches = breachRows(16, channel: { $0 < 8 ? "tg-main" : "wa,\"quoted\"" }, waitSeconds: { $0 })
        let html = try page(report)
        for kept in [3, 7, 11, 15] { #expect(html.contains("<bdi>dialog-\(kept)</bdi>")) }
        for dropped in [0, 2, 8, 10] { #expect(!html.contains("<bdi>dialog-\(dropped)</bdi>")) }
        #expect(
            html.contains(
                "<h3><bdi>Telegram &lt;b&gt;&amp;&lt;/b&gt; &quot;main&quot;</bdi> <span class=\"muted\">— the 5 longest waits of 8 breaches</span></h3>"
            )
        )
        #expect(html.contains("<h3><bdi>wa,&quot;quoted&quot;</bdi>"))
        #expect(html.contains("16 episodes reached a level"))
        #expect(html.contains("title=\"2026-03-02T12:01:00.000250+03:00\">2026-03-02 12:01:00</td>"))
        #expect(html.contains("<td class=\"who\"><bdi>b1 (bot)</bdi></td>"))
    }

    /// Rows of several channels interleaved (the file's order is by dialog): each channel keeps
    /// its own count and longest waits, and the channels come in code-point order whatever
    /// order their rows came in.
    @Test func interleavedChannelsAreCountedApartAndShownInCodePointOrder() throws {
        var report = ReportFixture.report
        report.breaches = breachRows(21, channel: { ["zz", "tg-main", "aa"][$0 % 3] }, waitSeconds: { $0 * 5 % 21 })
        let html = try page(report)
        let headings = ["<h3><bdi>aa</bdi>", "<h3><bdi>Telegram", "<h3><bdi>zz</bdi>"].map {
            html.range(of: $0)?.lowerBound
        }
        #expect(headings.allSatisfy { $0 != nil })
        #expect(headings.compactMap { $0 } == headings.compactMap { $0 }.sorted())
        #expect(html.components(separatedBy: "the 5 longest waits of 7 breaches").count - 1 == 3)
        // Waits (index · 5 mod 21) s are all different: each channel shows its five largest.
        for channel in 0..<3 {
            let kept = (0..<21).filter { $0 % 3 == channel }.sorted { ($0 * 5) % 21 > ($1 * 5) % 21 }
            for index in kept.prefix(5) { #expect(html.contains("<bdi>dialog-\(index)</bdi>")) }
            for index in kept.dropFirst(5) { #expect(!html.contains("<bdi>dialog-\(index)</bdi>")) }
        }
    }

    /// `count` breach rows like the fixture's second, row `index` of dialog `dialog-<index>`.
    private func breachRows(_ count: Int, channel: (Int) -> String, waitSeconds: (Int) -> Int) -> [BreachRow] {
        let template = ReportFixture.report.breaches[1]
        return (0..<count).map { index in
            var row = template
            row.dialog = "dialog-\(index)"
            row.channel = channel(index)
            row.wait = TenthsOfSecond(tenths: Int64(waitSeconds(index)) * 10)
            return row
        }
    }

    @Test func theDailyChartHasABarForEveryDayOfThePeriod() throws {
        let html = try page()
        let bars = html.components(separatedBy: "<rect class=\"episodes\"").count - 1
        #expect(bars == 7)
        #expect(html.contains("2026-03-02: 3 episodes, 2 reached warning, 1 reached overdue"))
        #expect(html.contains("2026-03-03: 0 episodes"))
    }

    @Test func renderingTwiceGivesTheSameBytes() throws {
        #expect(try page() == page())
    }

    @Test func anEmptyReportSaysSoInEverySection() throws {
        let html = try page(SLAReport(channels: [], breaches: [], managers: [], orders: [], daily: []))
        #expect(html.contains("No channels."))
        #expect(html.contains("No episodes in the period."))
        #expect(html.contains("No managers."))
        #expect(html.contains("No dialogs opened in the period."))
        #expect(html.contains("No episode reached a warning or overdue level."))
        #expect(!html.contains("<svg class=\"chart\""))
    }
}

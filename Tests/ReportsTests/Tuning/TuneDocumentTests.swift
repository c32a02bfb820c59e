import Foundation
import SLAAnalytics
import Testing

@testable import Reports

@Suite struct TuneDocumentTests {
    static let comparison = TuneComparison(
        label: "Proposal <1> & \"co\"",
        limits: ["tg": LimitProposal(warningSeconds: 120, processingSeconds: 300)],
        clockStart: nil,
        current: ReplayOutcome(
            SLAReport(
                channels: [row(warning: 5, overdue: 4, limits: (60, 120))],
                breaches: [],
                managers: [],
                orders: [],
                daily: []
            )
        ),
        proposed: ReplayOutcome(
            SLAReport(
                channels: [row(warning: 4, overdue: 1, limits: (120, 300))],
                breaches: [],
                managers: [],
                orders: [],
                daily: []
            )
        )
    )

    static func row(warning: Int, overdue: Int, limits: (Int64, Int64)) -> ChannelRow {
        ChannelRow(
            channel: "=tg<script>",
            dialogs: 6,
            episodes: 6,
            answered: 6,
            closedUnanswered: 0,
            open: 0,
            firstResponseMedian: nil,
            firstResponseP90: nil,
            replyMedian: nil,
            replyP90: nil,
            reachedWarning: warning,
            reachedOverdue: overdue,
            warningRate: Rate(Int64(warning), over: 6),
            overdueRate: Rate(Int64(overdue), over: 6),
            resolutionMedian: nil,
            autoClosed: 0,
            warningSeconds: limits.0,
            processingSeconds: limits.1
        )
    }

    static let document = TuneDocument(
        title: "chatsla tune",
        period: "2026-03-02 – 2026-03-02 (UTC)",
        notes: ["note <b>"],
        comparisons: [comparison],
        commands: ["chatsla limits set --by a1 --channel tg --processing 5m --warning 2m"]
    )

    @Test func csvHasOneRowPerChannelWithDifferences() {
        let text = Self.document.csv.text
        #expect(text.hasPrefix(TuneChannelRow.header.joined(separator: ",") + "\r\n"))
        #expect(
            text.hasSuffix(
                "\"Proposal <1> & \"\"co\"\"\",'=tg<script>,60,120,120,300,6,5,4,-1,4,1,-3,0.8333,0.6667,0.6667,0.1667\r\n"
            )
        )
    }

    @Test func pageIsSelfContainedAndEscaped() {
        let html = Self.document.page()
        #expect(!html.contains("<script"))
        #expect(html.contains("=tg&lt;script&gt;"))
        #expect(html.contains("Proposal &lt;1&gt; &amp; &quot;co&quot;"))
        #expect(html.contains("note &lt;b&gt;"))
        #expect(html.contains("chatsla limits set --by a1 --channel tg --processing 5m --warning 2m"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test func reportPageDrawsTheAnsweredWithinChartWithLimitsMarked() throws {
        var report = ReportFixture.report
        let channel = try #require(report.channels.first)
        report.waitSamples = [
            ChannelWaitSamples(
                channel: channel.channel,
                episodes: 4,
                answeredWaits: [10_000_000, 200_000_000],
                peakClocks: []
            )
        ]
        let model = PageModel(report: report, metadata: ReportFixture.metadata)
        let chart = try #require(model.waitCharts.first)
        #expect(chart.hasWarningMark == (channel.warningSeconds != nil))
        #expect(chart.hasProcessingMark == (channel.processingSeconds != nil))
        let html = try ReportPage(report: report, metadata: ReportFixture.metadata).render()
        #expect(html.contains("Answered within t"))
        #expect(html.contains("class=\"share\""))
        #expect(html.contains("class=\"mark-overdue\""))
    }

    @Test func shareChartCountsAnswersWithinEachT() {
        let samples = ChannelWaitSamples(
            channel: "tg",
            episodes: 4,
            answeredWaits: [0, 30_000_000, 60_000_000],
            peakClocks: []
        )
        let chart = WaitShareChart(samples: samples, warningSeconds: 30, processingSeconds: 60)
        // 121 points from t = 0 to 120 s; at t = 0 one of four episodes is answered, at the end three.
        let points = chart.shareLine.split(separator: " ")
        #expect(points.count == 121)
        #expect(WaitShareChart.countAtMost(30_000_000, in: samples.answeredWaits) == 2)
        #expect(chart.shareSummary == "tg: share of 4 episodes answered within t, 50.0 % within 30s, 75.0 % within 1m")
    }
}

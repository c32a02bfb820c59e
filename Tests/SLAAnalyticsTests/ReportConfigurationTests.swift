import ChatDomain
import Testing

@testable import SLAAnalytics

/// µs of a UTC wall-clock time.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int64, _ minute: Int64, _ second: Int64) -> Int64 {
    let days = LocalDate(year: year, month: month, day: day).daysSinceEpoch
    return ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000
}

/// Limits per channel and over time, and the period in local time zones.
@Suite struct ReportConfigurationTests {
    /// Default 60/120 from the epoch, `wa` has its own 30/90; the default becomes 300/600 at
    /// 1000 s (seq 5).
    /// - d1 (tg) 0 → 100: default 60/120 → warning at 60.
    /// - d2 (wa) 0 → 100: own 30/90 → overdue at 90.
    /// - d3 (tg) 1000 → 1100: opened at the change's instant after it (seq 3000 > 5) → 300/600,
    ///   100 s: no level.
    /// - d4 (wa) 1000 → 1100: still its own 30/90 → overdue at 1090.
    @Test func channelLimitsOverrideTheDefaultAndChangesApplyFromTheirInstant() throws {
        var fixture = Fixture()
        fixture.limits = [
            TimeLimitSetting(channel: nil, warningSeconds: 60, processingSeconds: 120, effectiveAt: 0, seq: 0),
            TimeLimitSetting(channel: 2, warningSeconds: 30, processingSeconds: 90, effectiveAt: 0, seq: 1),
            TimeLimitSetting(channel: nil, warningSeconds: 300, processingSeconds: 600, effectiveAt: at(1000), seq: 5),
        ]
        let report = try fixture.report([
            dialog(1, [(at(0), customer), (at(100), reply(1))]),
            dialog(2, channel: 2, [(at(0), customer), (at(100), reply(1))]),
            dialog(3, [(at(1000), customer), (at(1100), reply(1))]),
            dialog(4, channel: 2, [(at(1000), customer), (at(1100), reply(1))]),
        ])
        #expect(
            report.breaches.map { [$0.dialog, $0.level.rawValue, $0.crossedAt.description] } == [
                ["d1", "warning", "2026-03-02T00:01:00+00:00"],
                ["d2", "overdue", "2026-03-02T00:01:30+00:00"],
                ["d4", "overdue", "2026-03-02T00:18:10+00:00"],
            ]
        )
        #expect(report.channel("tg")?.warningSeconds == 300)
        #expect(report.channel("tg")?.processingSeconds == 600)
        #expect(report.channel("wa")?.warningSeconds == 30)
        #expect(report.channel("wa")?.processingSeconds == 90)
        #expect(report.channel("tg")?.reachedWarning == 1)
        #expect(report.channel("tg")?.warningRate?.description == "0.5000")
    }

    /// A setting effective exactly at the period's end is not shown; with as_of before the end,
    /// a setting effective exactly at as_of is.
    @Test func reportedLimitsAreThoseAtTheEarlierOfAsOfAndPeriodEnd() throws {
        var fixture = Fixture()
        fixture.asOf = at(90_000)
        fixture.limits += [
            TimeLimitSetting(channel: 1, warningSeconds: 900, processingSeconds: 1800, effectiveAt: at(86_400), seq: 9)
        ]
        #expect(try fixture.report([]).channel("tg")?.processingSeconds == 120)
        fixture.asOf = at(50_000)
        fixture.limits += [
            TimeLimitSetting(channel: 1, warningSeconds: nil, processingSeconds: 300, effectiveAt: at(50_000), seq: 8)
        ]
        let row = try #require(try fixture.report([]).channel("tg"))
        #expect(row.cells[16...] == ["", "300"])
    }

    /// America/New_York, 2026-03-07 … 2026-03-08; clocks jump 02:00 EST → 03:00 EDT on 03-08.
    /// The period is 2026-03-07T05:00Z … 2026-03-09T04:00Z (47 hours).
    @Test func periodAndDailyRowsFollowLocalDaysAcrossDST() throws {
        var fixture = Fixture()
        fixture.timeZone = "America/New_York"
        fixture.from = LocalDate(year: 2026, month: 3, day: 7)
        fixture.to = LocalDate(year: 2026, month: 3, day: 8)
        fixture.asOf = utc(2026, 3, 10, 0, 0, 0)
        func episode(_ key: Int64, _ start: Int64, wait: Int64) -> DialogHistory {
            dialog(key, [(start, customer), (start + wait * 1_000_000, reply(1))])
        }
        let report = try fixture.report([
            episode(1, utc(2026, 3, 7, 4, 59, 59), wait: 10),  // 03-06 23:59:59 EST: before
            episode(2, utc(2026, 3, 7, 5, 0, 0), wait: 10),  // 03-07 00:00 EST
            episode(3, utc(2026, 3, 8, 4, 59, 59), wait: 10),  // 03-07 23:59:59 EST
            episode(4, utc(2026, 3, 8, 5, 0, 0), wait: 100),  // 03-08 00:00 EST, warning 00:01 EST
            episode(5, utc(2026, 3, 8, 7, 30, 0), wait: 200),  // 03-08 03:30 EDT, overdue 03:32 EDT
            episode(6, utc(2026, 3, 9, 3, 59, 59), wait: 10),  // 03-08 23:59:59 EDT
            episode(7, utc(2026, 3, 9, 4, 0, 0), wait: 10),  // 03-09 00:00 EDT: after
        ])
        #expect(
            report.daily.map(\.cells) == [
                ["2026-03-07", "tg", "2", "10.0", "10.0", "0", "0"],
                // waits 10, 100, 200: median 100; p90 at 1.8 → 100 + 0.8 × 100 = 180. The overdue
                // episode has also reached warning: 2 warnings, 1 overdue.
                ["2026-03-08", "tg", "3", "100.0", "180.0", "2", "1"],
            ]
        )
        #expect(
            report.breaches.map { [$0.episodeStartedAt.description, $0.crossedAt.description, $0.endedAt.cell] } == [
                ["2026-03-08T00:00:00-05:00", "2026-03-08T00:01:00-05:00", "2026-03-08T00:01:40-05:00"],
                ["2026-03-08T03:30:00-04:00", "2026-03-08T03:32:00-04:00", "2026-03-08T03:33:20-04:00"],
            ]
        )
        #expect(report.channel("tg")?.episodes == 5)
        #expect(report.channel("tg")?.dialogs == 5)
    }

    /// Asia/Kathmandu (+05:45): 2026-03-02 local is 2026-03-01T18:15Z … 2026-03-02T18:15Z.
    @Test func quarterHourOffsetZone() throws {
        var fixture = Fixture()
        fixture.timeZone = "Asia/Kathmandu"
        fixture.asOf = utc(2026, 3, 3, 0, 0, 0)
        let firstInstant = utc(2026, 3, 1, 18, 15, 0)
        let report = try fixture.report([
            dialog(1, [(firstInstant - 1, customer), (firstInstant + 10_000_000, reply(1))]),
            // starts 250 µs into the day; reply 70 s later: warning at 60 s.
            dialog(2, [(firstInstant + 250, customer), (firstInstant + 70_000_250, reply(1))]),
            dialog(3, [(utc(2026, 3, 2, 18, 14, 59), customer), (utc(2026, 3, 2, 18, 15, 9), reply(1))]),
        ])
        #expect(
            report.breaches.map(\.cells) == [
                [
                    "d2", "tg", "warning", "2026-03-02T00:00:00.000250+05:45", "2026-03-02T00:01:00.000250+05:45",
                    "2026-03-02T00:01:10.000250+05:45", "answered", "70.0", "unassigned",
                ]
            ]
        )
        #expect(report.daily.map(\.cells) == [["2026-03-02", "tg", "2", "40.0", "64.0", "1", "0"]])
    }

    /// America/Santiago skips 00:00 → 01:00 on 2026-09-06: that day starts at 01:00 −03:00
    /// (04:00Z), and ends at 2026-09-07T00:00−03:00 (03:00Z).
    @Test func dayWhoseMidnightDoesNotExistStartsAtItsFirstInstant() throws {
        var fixture = Fixture()
        fixture.timeZone = "America/Santiago"
        fixture.from = LocalDate(year: 2026, month: 9, day: 6)
        fixture.to = fixture.from
        fixture.asOf = utc(2026, 9, 8, 0, 0, 0)
        let report = try fixture.report([
            dialog(1, [(utc(2026, 9, 6, 3, 59, 59), customer)]),
            dialog(2, [(utc(2026, 9, 6, 4, 0, 0), customer), (utc(2026, 9, 6, 4, 1, 30), reply(1))]),
            dialog(3, [(utc(2026, 9, 7, 2, 59, 59), customer), (utc(2026, 9, 7, 3, 0, 9), reply(1))]),
            dialog(4, [(utc(2026, 9, 7, 3, 0, 0), customer)]),
        ])
        #expect(report.channel("tg")?.episodes == 2)
        #expect(report.breaches.map(\.episodeStartedAt.description) == ["2026-09-06T01:00:00-03:00"])
    }

    /// Settings stamped after as_of do not exist: limits 10/20 from 500 s with as_of at 400 s
    /// leave the default 60/120 for an episode opened at 0 and still open at as_of.
    @Test func settingsAfterAsOfAreIgnored() throws {
        var fixture = Fixture()
        fixture.asOf = at(400)
        fixture.limits += [
            TimeLimitSetting(channel: 1, warningSeconds: 10, processingSeconds: 20, effectiveAt: at(500), seq: 7)
        ]
        fixture.policies = [
            PolicySetting(clockStart: .firstUnanswered, botRepliesStopClock: true, effectiveAt: at(500), seq: 8)
        ]
        #expect(try fixture.configuration().reportedPolicy.clockStart == .lastCustomerMessage)
        #expect(try fixture.configuration().periodEnd - fixture.configuration().periodStart == 86_400_000_000)
        let report = try fixture.report([dialog(1, [(at(0), customer), (at(30), botReply(1))])])
        #expect(report.channel("tg")?.processingSeconds == 120)
        #expect(report.channel("tg")?.open == 1)
        #expect(report.breaches.map(\.crossedAt.description) == ["2026-03-02T00:02:00+00:00"])
    }

    @Test func periodMustNotBeEmpty() {
        var fixture = Fixture()
        fixture.to = LocalDate(year: 2026, month: 3, day: 1)
        #expect(throws: ReportConfigurationError.self) { try fixture.configuration() }
    }
}

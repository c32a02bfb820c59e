import ChatDomain
import Foundation
import SLAAnalytics

@testable import Reports

/// A small hand-built report whose names and ids exercise quoting, escaping and formula
/// neutralisation, and whose figures include negatives and missing values.
enum ReportFixture {
    static let offset: Int32 = 3 * 3600

    /// 2026-03-02T09:00:00Z plus `seconds`.
    static func at(_ seconds: Int64, micros: Int64 = 0) -> ReportTimestamp {
        ReportTimestamp(instant: (1_772_442_000 + seconds) * 1_000_000 + micros, utcOffsetSeconds: offset)
    }

    static let report = SLAReport(
        channels: [
            ChannelRow(
                channel: "tg-main",
                dialogs: 3,
                episodes: 4,
                answered: 2,
                closedUnanswered: 1,
                open: 1,
                firstResponseMedian: TenthsOfSecond(tenths: 425),
                firstResponseP90: TenthsOfSecond(tenths: 3_725),
                replyMedian: TenthsOfSecond(tenths: 1_000),
                replyP90: TenthsOfSecond(tenths: 90_000),
                reachedWarning: 2,
                reachedOverdue: 1,
                warningRate: Rate(2, over: 4),
                overdueRate: Rate(1, over: 4),
                resolutionMedian: TenthsOfSecond(tenths: 36_000),
                autoClosed: 1,
                warningSeconds: 300,
                processingSeconds: 900
            ),
            ChannelRow(
                channel: "wa,\"quoted\"",
                dialogs: 0,
                episodes: 0,
                answered: 0,
                closedUnanswered: 0,
                open: 0,
                firstResponseMedian: nil,
                firstResponseP90: nil,
                replyMedian: nil,
                replyP90: nil,
                reachedWarning: 0,
                reachedOverdue: 0,
                warningRate: nil,
                overdueRate: nil,
                resolutionMedian: nil,
                autoClosed: 0,
                warningSeconds: nil,
                processingSeconds: nil
            ),
        ],
        breaches: [
            BreachRow(
                dialog: "=cmd|' /C calc'!A0",
                channel: "tg-main",
                level: .overdue,
                episodeStartedAt: at(0),
                crossedAt: at(900),
                endedAt: nil,
                outcome: .open,
                wait: TenthsOfSecond(tenths: 90_000),
                responsibleAtCrossing: "unassigned"
            ),
            BreachRow(
                dialog: "d-2",
                channel: "tg-main",
                level: .warning,
                episodeStartedAt: at(60, micros: 250),
                crossedAt: at(360),
                endedAt: at(420),
                outcome: .answered,
                wait: TenthsOfSecond(tenths: 3_600),
                responsibleAtCrossing: "bot:b1"
            ),
        ],
        managers: [
            ManagerRow(
                user: "u1",
                name: "Ann <script>alert(\"x\")</script> & 'Bo'",
                becameResponsible: 2,
                dialogsActive: 2,
                messagesSent: 5,
                episodesAnswered: 2,
                replyMedian: TenthsOfSecond(tenths: 1_000),
                replyP90: TenthsOfSecond(tenths: 1_800),
                reachedWarning: 1,
                reachedOverdue: 0,
                reassignedAway: 1,
                dialogsClosed: 1,
                peakOpenDialogs: 2,
                orders: 1,
                revenue: Money(cents: -300)
            ),
            ManagerRow(
                user: "u2",
                name: "+Line one\r\nline two",
                becameResponsible: 0,
                dialogsActive: 0,
                messagesSent: 0,
                episodesAnswered: 0,
                replyMedian: nil,
                replyP90: nil,
                reachedWarning: 0,
                reachedOverdue: 0,
                reassignedAway: 0,
                dialogsClosed: 0,
                peakOpenDialogs: 0,
                orders: 0,
                revenue: .zero
            ),
        ],
        orders: [
            OrderConversionRow(
                channel: "tg-main",
                store: "@store",
                user: "u1",
                dialogs: 3,
                convertedDialogs: 1,
                conversionRate: Rate(1, over: 3),
                orders: 2,
                revenue: Money(cents: 1_290_050),
                paidRevenue: Money(cents: -300),
                averageOrderValue: Money(cents: 1_290_050),
                timeToOrderMedian: TenthsOfSecond(tenths: -125)
            )
        ],
        daily: [
            DailyRow(
                date: LocalDate(year: 2026, month: 3, day: 2),
                channel: "tg-main",
                episodes: 3,
                replyMedian: TenthsOfSecond(tenths: 1_000),
                replyP90: nil,
                reachedWarning: 2,
                reachedOverdue: 1
            ),
            DailyRow(
                date: LocalDate(year: 2026, month: 3, day: 4),
                channel: "tg-main",
                episodes: 1,
                replyMedian: nil,
                replyP90: nil,
                reachedWarning: 0,
                reachedOverdue: 0
            ),
        ]
    )

    static let metadata = ReportMetadata(
        from: LocalDate(year: 2026, month: 3, day: 1),
        to: LocalDate(year: 2026, month: 3, day: 7),
        timeZoneIdentifier: "Europe/Moscow",
        asOf: at(86_400 * 6),
        watermark: DataWatermark(lastEventAt: at(86_400 * 5), eventCount: 48_213),
        clockStart: .lastCustomerMessage,
        botRepliesStopClock: false,
        channelNames: ["tg-main": "Telegram <b>&</b> \"main\""]
    )

    /// A fresh, empty scratch folder under the system's temporary directory.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("reports-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

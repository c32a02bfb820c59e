import ChatDomain
import Foundation
import Testing

@testable import SLAAnalytics

@Suite struct FormattingTests {
    @Test func durationsRoundHalfAwayFromZero() {
        #expect(TenthsOfSecond(roundingMicroseconds: 150_000).description == "0.2")
        #expect(TenthsOfSecond(roundingMicroseconds: 149_999).description == "0.1")
        #expect(TenthsOfSecond(roundingMicroseconds: 250_000).description == "0.3")
        #expect(TenthsOfSecond(roundingMicroseconds: -250_000).description == "-0.3")
        #expect(TenthsOfSecond(roundingMicroseconds: -49_999).description == "0.0")
        #expect(TenthsOfSecond(roundingMicroseconds: 12_345_678_900).description == "12345.7")
        #expect(ExactRounding.quotient(-25, 10) == -3)
        #expect(ExactRounding.quotient(25, -10) == -3)
        #expect(ExactRounding.quotient(24, 10) == 2)
    }

    @Test func ratesHaveFourDecimalsRoundedHalfAwayFromZero() {
        #expect(Rate(1, over: 8)?.description == "0.1250")
        #expect(Rate(1, over: 32)?.description == "0.0313")  // 0.03125: half away from zero
        #expect(Rate(1, over: 20_000)?.description == "0.0001")  // 0.00005
        #expect(Rate(1, over: 20_001)?.description == "0.0000")
        #expect(Rate(2, over: 3)?.description == "0.6667")
        #expect(Rate(3, over: 3)?.description == "1.0000")
        #expect(Rate(0, over: 5)?.description == "0.0000")
        #expect(Rate(1, over: 0) == nil)
        let missing: Rate? = nil
        #expect(missing.cell == "")
    }

    @Test func timestampsAreRFC3339WithNumericOffset() {
        #expect(ReportTimestamp(instant: 0, utcOffsetSeconds: 0).description == "1970-01-01T00:00:00+00:00")
        #expect(
            ReportTimestamp(instant: at(0) + 1, utcOffsetSeconds: -18_000).description
                == "2026-03-01T19:00:00.000001-05:00"
        )
        #expect(
            ReportTimestamp(instant: at(0) + 250, utcOffsetSeconds: 20_700).description
                == "2026-03-02T05:45:00.000250+05:45"
        )
        #expect(
            ReportTimestamp(instant: -1, utcOffsetSeconds: 0).description == "1969-12-31T23:59:59.999999+00:00"
        )
    }

    @Test func localDatesParseAndPrint() {
        #expect(LocalDate(parsing: "2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(parsing: "2026-02-29") == nil)
        #expect(LocalDate(parsing: "2026-3-01") == nil)
        #expect(LocalDate(year: 2026, month: 12, day: 31).adding(days: 1).description == "2027-01-01")
        #expect(LocalDate(daysSinceEpoch: 0).description == "1970-01-01")
    }

    @Test func rowsSortByCodePoints() {
        // "Z" (U+005A) < "a" (U+0061) < "é" (U+00E9); "10" < "9" as strings.
        let sorted = CodePointOrder.sorted([["é"], ["a"], ["Z"], ["9"], ["10"]]) { $0 }
        #expect(sorted == [["10"], ["9"], ["Z"], ["a"], ["é"]])
        // Precomposed "é" (U+00E9) sorts after decomposed "e\u{301}" (U+0065 …) by code points.
        #expect(CodePointOrder.less("e\u{301}", "\u{e9}"))
        // A prefix first; equal bytes are the same, canonically equal spellings are not.
        #expect(CodePointOrder.less("d1", "d10") && !CodePointOrder.less("d10", "d1"))
        #expect(!CodePointOrder.less("", "") && CodePointOrder.less("", "a"))
        #expect(CodePointOrder.same("s7-d000001-a-long-identifier-é", "s7-d000001-a-long-identifier-é"))
        #expect(!CodePointOrder.same("e\u{301}", "\u{e9}") && !CodePointOrder.same("d1", "d10"))
    }

    @Test func breachRowsSortLikeTheirCellsWithoutBuildingThemAll() {
        // Few dialogs and channels, so many rows tie on both and are ordered by the later cells;
        // "e\u{301}" and "\u{e9}" are canonically equal yet distinct by code points.
        var random = SystemRandomNumberGenerator()
        let dialogs = ["d1", "d10", "d2", "e\u{301}", "\u{e9}", "Z"]
        let rows = (0..<2_000).map { _ in
            let start = Int64.random(in: 0..<5, using: &random) * 1_000_000
            let offset = Int32.random(in: 0..<2, using: &random) * 3_600
            return BreachRow(
                dialog: dialogs.randomElement(using: &random)!,
                channel: ["tg", "wa"].randomElement(using: &random)!,
                level: Bool.random(using: &random) ? .warning : .overdue,
                episodeStartedAt: ReportTimestamp(instant: start, utcOffsetSeconds: offset),
                crossedAt: ReportTimestamp(
                    instant: start + Int64.random(in: 0..<3, using: &random),
                    utcOffsetSeconds: 0
                ),
                endedAt: Bool.random(using: &random) ? nil : ReportTimestamp(instant: start + 9, utcOffsetSeconds: 0),
                outcome: [.answered, .open, .closedUnanswered].randomElement(using: &random)!,
                wait: TenthsOfSecond(tenths: Int64.random(in: 0..<3, using: &random)),
                responsibleAtCrossing: ["u1", "bot:b1", "unassigned"].randomElement(using: &random)!
            )
        }
        var sorted = rows
        CodePointOrder.sortBreaches(&sorted)
        // Compared as bytes: Swift's == would equate the two spellings of "é".
        let bytes = { (rows: [BreachRow]) in rows.map { Array($0.cells.joined(separator: "|").utf8) } }
        #expect(bytes(sorted) == bytes(CodePointOrder.sorted(rows, cells: \.cells)))
    }

    @Test func timestampTextsCompareWithoutBeingBuilt() {
        // Instants clustered on a few seconds (so that whole seconds, fractions and offsets tie),
        // offsets of both signs, with minutes, and zero.
        var random = SystemRandomNumberGenerator()
        let offsets: [Int32] = [0, 3_600, -3_600, 19_800, -34_200, 7_200, 50_400, -43_200, 60]
        let stamps =
            (0..<600).map { _ in
                let second = Int64.random(in: 0..<4, using: &random) * 3_600 + 1_790_000_000
                let micros = Bool.random(using: &random) ? 0 : Int64.random(in: 0..<3, using: &random) * 250_000
                return ReportTimestamp(
                    instant: second * 1_000_000 + micros,
                    utcOffsetSeconds: offsets.randomElement(using: &random)!
                )
            } + [
                ReportTimestamp(instant: -62_000_000_000_000_000, utcOffsetSeconds: 0),  // before year 1000
                ReportTimestamp(instant: 0, utcOffsetSeconds: -1),
            ]
        for lhs in stamps.prefix(200) {
            for rhs in stamps {
                let (l, r) = (lhs.description, rhs.description)
                let expected = l.utf8.elementsEqual(r.utf8) ? 0 : (l.utf8.lexicographicallyPrecedes(r.utf8) ? -1 : 1)
                #expect(ReportTimestamp.compareTexts(lhs, rhs) == expected, "\(l) vs \(r)")
            }
        }
    }

    @Test(arguments: ["Europe/Kyiv", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"])
    func cachedOffsetsAreTheTimeZonesOwn(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let from = try #require(LocalDate(parsing: "2026-03-01"))
        let calendar = ReportCalendar(from: from, to: from.adding(days: 30), timeZone: timeZone)
        // Every 7 minutes and 13 seconds from 90 days before the period to 500 days after it:
        // inside and outside the cached hours, across DST changes both ways (Lord Howe's are 30 minutes).
        var seconds = calendar.periodStart / 1_000_000 - 90 * 86_400
        let end = calendar.periodEnd / 1_000_000 + 500 * 86_400
        while seconds < end {
            let expected = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
            #expect(calendar.utcOffsetSeconds(at: seconds * 1_000_000 + 999_999) == expected, "\(zone) \(seconds)")
            seconds += 433
        }
    }

    @Test func textsAppendedAsBytesAreTheDescriptions() {
        let stamps = [
            ReportTimestamp(instant: 0, utcOffsetSeconds: 0),
            ReportTimestamp(instant: 1_790_000_000_000_001, utcOffsetSeconds: -34_200),
            ReportTimestamp(instant: -1, utcOffsetSeconds: 19_800),
        ]
        #expect(
            stamps.map(\.description) == [
                "1970-01-01T00:00:00+00:00", "2026-09-21T04:43:20.000001-09:30", "1970-01-01T05:29:59.999999+05:30",
            ]
        )
        for stamp in stamps {
            var bytes: [UInt8] = []
            stamp.appendText(to: &bytes)
            #expect(bytes == Array(stamp.description.utf8))
        }
        for tenths: Int64 in [0, 5, -5, 123_456_789_012, -10] {
            var bytes: [UInt8] = []
            TenthsOfSecond(tenths: tenths).appendText(to: &bytes)
            let magnitude = tenths.magnitude
            #expect(
                String(decoding: bytes, as: UTF8.self) == "\(tenths < 0 ? "-" : "")\(magnitude / 10).\(magnitude % 10)"
            )
        }
        #expect(LocalDate(year: 33, month: 2, day: 9).description == "0033-02-09")
    }

    @Test func timestampTextFromTheStackBufferIsTheFieldByFieldText() {
        // Years 0 and 9999 (the buffer's range) and beyond it, offsets of both signs up to and
        // past 99 hours, whole seconds and fractions.
        let year0 = Int64(LocalDate(year: 0, month: 1, day: 1).daysSinceEpoch) * 86_400_000_000
        let year10000 = Int64(LocalDate(year: 10_000, month: 1, day: 1).daysSinceEpoch) * 86_400_000_000
        var random = SystemRandomNumberGenerator()
        var stamps = [
            ReportTimestamp(instant: year0, utcOffsetSeconds: 0),
            ReportTimestamp(instant: year0 - 1, utcOffsetSeconds: 0),
            ReportTimestamp(instant: year10000 - 1, utcOffsetSeconds: 0),
            ReportTimestamp(instant: year10000, utcOffsetSeconds: 0),
            ReportTimestamp(instant: 0, utcOffsetSeconds: 99 * 3_600 + 59 * 60),
            ReportTimestamp(instant: 0, utcOffsetSeconds: -100 * 3_600),
            ReportTimestamp(instant: 0, utcOffsetSeconds: Int32.min),
        ]
        for _ in 0..<5_000 {
            let instant = Int64.random(in: year0 - 86_400_000_000...year10000 + 86_400_000_000, using: &random)
            stamps.append(
                ReportTimestamp(
                    instant: Bool.random(using: &random) ? instant : instant / 1_000_000 * 1_000_000,
                    utcOffsetSeconds: Int32.random(in: -50_400...50_400, using: &random)
                )
            )
        }
        for stamp in stamps {
            var fast: [UInt8] = [UInt8(ascii: "x")]
            var slow: [UInt8] = [UInt8(ascii: "x")]
            stamp.appendText(to: &fast)
            stamp.appendTextDigitByDigit(to: &slow)
            #expect(fast == slow, "\(String(decoding: slow, as: UTF8.self))")
        }
        #expect(ReportTimestamp(instant: year10000, utcOffsetSeconds: 0).description == "10000-01-01T00:00:00+00:00")
        #expect(
            ReportTimestamp(instant: 0, utcOffsetSeconds: -100 * 3_600).description == "1969-12-27T20:00:00-100:00"
        )
    }

    @Test func emptyCellsWhereAFigureDoesNotExist() {
        let row = OrderConversionRow(
            channel: "tg",
            store: "main",
            user: "unassigned",
            dialogs: 1,
            convertedDialogs: 1,
            conversionRate: Rate(1, over: 1),
            orders: 1,
            revenue: .zero,
            paidRevenue: .zero,
            averageOrderValue: nil,
            timeToOrderMedian: TenthsOfSecond(tenths: 0)
        )
        #expect(row.cells == ["tg", "main", "unassigned", "1", "1", "1.0000", "1", "0.00", "0.00", "", "0.0"])
        #expect(row.cells.count == OrderConversionRow.header.count)
    }
}

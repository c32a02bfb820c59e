import SLAAnalytics
import Testing

@testable import Reports

@Suite struct DisplayFormatTests {
    @Test func durationsReadInTheLargestSensibleUnits() {
        #expect(DisplayFormat.duration(nil) == "—")
        #expect(DisplayFormat.duration(TenthsOfSecond(tenths: 423)) == "42.3 s")
        #expect(DisplayFormat.duration(TenthsOfSecond(tenths: 7_253)) == "12 min 05 s")
        #expect(DisplayFormat.duration(TenthsOfSecond(tenths: 112_200)) == "3 h 07 min")
        #expect(DisplayFormat.duration(TenthsOfSecond(tenths: 1_836_000)) == "2 d 03 h")
        #expect(DisplayFormat.duration(TenthsOfSecond(tenths: -125)) == "-12.5 s")
    }

    @Test func limitsReadAsMinutesAndHours() {
        #expect(DisplayFormat.limit(nil) == "—")
        #expect(DisplayFormat.limit(30) == "30 s")
        #expect(DisplayFormat.limit(90) == "1 min 30 s")
        #expect(DisplayFormat.limit(300) == "5 min")
        #expect(DisplayFormat.limit(7_200) == "2 h")
        #expect(DisplayFormat.limit(5_400) == "1 h 30 min")
    }

    @Test func ratesReadAsPercentagesAndBarsAreClamped() {
        #expect(DisplayFormat.percent(Rate(1, over: 8)) == "12.5 %")
        #expect(DisplayFormat.percent(nil) == "—")
        #expect(DisplayFormat.barWidth(Rate(1, over: 3)) == "33.3")
        #expect(DisplayFormat.barWidth(Rate(3, over: 2)) == "100.0")
        #expect(DisplayFormat.barWidth(nil) == "0")
    }

    @Test func countsAndMoneyGroupThousandsWithNarrowSpaces() {
        #expect(DisplayFormat.count(48_213) == "48\u{202F}213")
        #expect(DisplayFormat.count(999) == "999")
        #expect(DisplayFormat.money(cents: 1_290_050) == "12\u{202F}900.50")
        #expect(DisplayFormat.money(cents: -300) == "-3.00")
    }

    @Test func chartTicksStepByOneTwoOrFive() {
        #expect(DailyTrendChart.tickStep(for: 0) == 1)
        #expect(DailyTrendChart.tickStep(for: 7) == 2)
        #expect(DailyTrendChart.tickStep(for: 23) == 5)
        #expect(DailyTrendChart.tickStep(for: 480) == 100)
    }
}

import ChatDomain
import Testing

@Suite struct CivilDateTests {
    @Test func civilDatesRoundTrip() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (year, month, day) = CivilDate.fromDays(days)
            #expect(CivilDate.days(year: year, month: month, day: day) == days)
            #expect((1...12).contains(month))
            #expect(day >= 1 && day <= CivilDate.daysInMonth(month, year: year))
        }
    }

    @Test func daysCountFromTheUnixEpoch() {
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2026, month: 3, day: 8) == 20_520)
        #expect(CivilDate.fromDays(-1) == (1969, 12, 31))
        #expect(CivilDate.fromDays(CivilDate.days(year: 2000, month: 2, day: 29)) == (2000, 2, 29))
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(CivilDate.daysInMonth(2, year: 2024) == 29)
        #expect(CivilDate.daysInMonth(2, year: 1900) == 28)
        #expect(CivilDate.daysInMonth(2, year: 2000) == 29)
        #expect(CivilDate.daysInMonth(4, year: 2026) == 30)
        #expect(CivilDate.daysInMonth(12, year: 2026) == 31)
    }

    @Test func floorDivisionRoundsTowardNegativeInfinityWithANonNegativeRemainder() {
        #expect(CivilDate.floorDivision(0, 86_400) == (0, 0))
        #expect(CivilDate.floorDivision(86_399, 86_400) == (0, 86_399))
        #expect(CivilDate.floorDivision(86_400, 86_400) == (1, 0))
        #expect(CivilDate.floorDivision(-1, 86_400) == (-1, 86_399))
        #expect(CivilDate.floorDivision(-86_400, 86_400) == (-1, 0))
        #expect(CivilDate.floorDivision(-86_401, 86_400) == (-2, 86_399))
        #expect(CivilDate.floorDivision(Int64.min, 1_000_000).quotient == Int64.min / 1_000_000 - 1)
    }
}

import ChatDomain
import Foundation
import Testing

@testable import SLAAnalytics

/// The working calendar behind the business-hours clock **[ext]**: intervals as instants, the
/// cumulative working time and the instant a working time is reached, DST days and holidays.
@Suite struct WorkingCalendarTests {
    static func instant(_ text: String) -> Int64 {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { preconditionFailure(text) }
        return Int64(date.timeIntervalSince1970) * 1_000_000
    }

    static let hour: Int64 = 3_600_000_000

    static func hours(_ zone: String, _ week: [Int: [(Int, Int)]], holidays: [String] = []) -> BusinessHours {
        BusinessHours(
            timeZone: zone,
            week: (0..<7).map { day in (week[day] ?? []).map { WorkingInterval(startMinute: $0.0, endMinute: $0.1) } },
            holidays: holidays
        )
    }

    /// Mon–Fri 09:00–18:00 UTC around the weekend of 2026-03-07: 9 h a weekday, none on Saturday
    /// and Sunday, none on the Monday holiday; the instant 10 working hours after Friday 17:00 is
    /// Tuesday 18:00 (1 h Friday, 9 h Tuesday), the end of the day.
    @Test func workingTimeSkipsNightsWeekendsAndHolidays() {
        let office = Self.hours(
            "UTC",
            Dictionary(uniqueKeysWithValues: (0..<5).map { ($0, [(540, 1080)]) }),
            holidays: ["2026-03-09"]
        )
        let calendar = WorkingCalendar(
            hours: office,
            from: Self.instant("2026-03-01T00:00:00Z"),
            to: Self.instant("2026-03-20T00:00:00Z")
        )
        let friday = Self.instant("2026-03-06T17:00:00Z")
        let tuesdayNight = Self.instant("2026-03-10T23:00:00Z")
        #expect(calendar.cumulative(at: tuesdayNight) - calendar.cumulative(at: friday) == 10 * Self.hour)
        #expect(
            calendar.instant(reaching: calendar.cumulative(at: friday) + 10 * Self.hour)
                == Self.instant("2026-03-10T18:00:00Z")
        )
        #expect(
            calendar.instant(reaching: calendar.cumulative(at: friday) + 10 * Self.hour + 1)
                == Self.instant("2026-03-11T09:00:00Z") + 1
        )
    }

    /// Monday 18:00–24:00 and Tuesday 00:00–06:00 touch across midnight: one 12-hour interval.
    @Test func intervalEndingAt2400TouchesTheNextDay() {
        let nights = Self.hours("UTC", [0: [(1080, 1440)], 1: [(0, 360)]])
        let calendar = WorkingCalendar(
            hours: nights,
            from: Self.instant("2026-03-01T00:00:00Z"),
            to: Self.instant("2026-03-05T00:00:00Z")
        )
        let start = Self.instant("2026-03-02T18:00:00Z")
        #expect(calendar.instant(reaching: calendar.cumulative(at: start) + 12 * Self.hour) == start + 12 * Self.hour)
        #expect(
            calendar.cumulative(at: Self.instant("2026-03-04T00:00:00Z")) - calendar.cumulative(at: start) == 12
                * Self.hour
        )
    }

    /// America/New_York: 02:30 does not exist on 2026-03-08 and takes EST (07:30Z); 01:30 occurs
    /// twice on 2026-11-01 and takes the first, EDT (05:30Z); ordinary times have one instant.
    @Test func localTimesOnDSTDaysTakeTheOffsetBeforeTheChange() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        func local(_ text: String) -> Int64 {
            Self.instant(text + "Z") / 1_000_000
        }
        #expect(
            WorkingCalendar.instant(localSeconds: local("2026-03-08T02:30:00"), timeZone: zone) * 1_000_000
                == Self.instant("2026-03-08T07:30:00Z")
        )
        #expect(
            WorkingCalendar.instant(localSeconds: local("2026-03-08T04:00:00"), timeZone: zone) * 1_000_000
                == Self.instant("2026-03-08T08:00:00Z")
        )
        #expect(
            WorkingCalendar.instant(localSeconds: local("2026-11-01T01:30:00"), timeZone: zone) * 1_000_000
                == Self.instant("2026-11-01T05:30:00Z")
        )
        #expect(
            WorkingCalendar.instant(localSeconds: local("2026-11-01T03:00:00"), timeZone: zone) * 1_000_000
                == Self.instant("2026-11-01T08:00:00Z")
        )
        #expect(
            WorkingCalendar.instant(localSeconds: local("2026-11-02T09:00:00"), timeZone: zone) * 1_000_000
                == Self.instant("2026-11-02T14:00:00Z")
        )
    }

    /// Beyond the span the calendar was built for, no instant is found (no crossing).
    @Test func targetBeyondTheSpanHasNoInstant() {
        let calendar = WorkingCalendar(
            hours: Self.hours("UTC", [0: [(540, 1080)]]),
            from: Self.instant("2026-03-01T00:00:00Z"),
            to: Self.instant("2026-03-03T00:00:00Z")
        )
        #expect(calendar.instant(reaching: 100 * Self.hour) == .max)
        #expect(WorkingCalendar(hours: Self.hours("UTC", [:]), from: 0, to: Self.hour).instant(reaching: 1) == .max)
    }
}

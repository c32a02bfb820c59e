import Foundation

/// The period's local-day boundaries as instants, computed once with `Calendar` (DST-correct),
/// then searched with integers only. A class: the engine reads it for every fact and episode, and
/// a reference is one retain where a struct of three arrays and a zone is four.
final class ReportCalendar: Sendable {
    let days: [LocalDate]
    /// `starts[i]` is the first instant (µs) of `days[i]`; `starts[days.count]` is the period's end.
    let starts: [Int64]
    let timeZone: TimeZone
    /// The first instant (s) of `hourlyOffsets[0]`'s hour.
    private let offsetsStart: Int64
    /// The UTC offset of each hour from `offsetsStart` (60 days before the period to 400 days
    /// after it), or `Int32.min` for an hour whose first and last second differ in offset (a
    /// transition inside it: asked of `TimeZone`). Formatting a report's timestamps asks for
    /// offsets millions of times; `TimeZone` is slow.
    private let hourlyOffsets: [Int32]

    init(from: LocalDate, to: LocalDate, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var days: [LocalDate] = []
        var starts: [Int64] = []
        var date = from
        while date <= to.adding(days: 1) {
            if date <= to { days.append(date) }
            starts.append(Self.startOfDay(date, calendar: calendar))
            date = date.adding(days: 1)
        }
        self.days = days
        self.starts = starts
        self.timeZone = timeZone
        let first = (starts[0] / 1_000_000 - 60 * 86_400) / 3_600 * 3_600
        let hours = (starts[starts.count - 1] / 1_000_000 + 400 * 86_400 - first) / 3_600
        offsetsStart = first
        hourlyOffsets = (0..<Swift.max(0, hours)).map { hour in
            let start = first + hour * 3_600
            let atStart = timeZone.utcOffsetSeconds(atSecond: start)
            let atEnd = timeZone.utcOffsetSeconds(atSecond: start + 3_599)
            return atStart == atEnd ? Int32(atStart) : Int32.min
        }
    }

    /// Local midnight; on a day whose midnight does not exist (a DST jump at 00:00), the day's
    /// first instant.
    private static func startOfDay(_ date: LocalDate, calendar: Calendar) -> Int64 {
        let noon = DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)
        guard let noonDate = calendar.date(from: noon) else {
            // Unreachable for Gregorian dates; fall back to UTC midnight.
            return date.daysSinceEpoch * 86_400 * 1_000_000
        }
        let start = calendar.startOfDay(for: noonDate)
        return Int64(start.timeIntervalSince1970.rounded()) * 1_000_000
    }

    var periodStart: Int64 { starts[0] }
    var periodEnd: Int64 { starts[starts.count - 1] }

    func contains(_ instant: Int64) -> Bool { instant >= periodStart && instant < periodEnd }

    /// The index in `days` of the local day holding `instant`, or `nil` outside the period.
    /// - Complexity: O(log d) for d days.
    func dayIndex(_ instant: Int64) -> Int? {
        guard contains(instant) else { return nil }
        var low = 0
        var high = days.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= instant { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The UTC offset in seconds in the report's time zone at `instant`.
    func utcOffsetSeconds(at instant: Int64) -> Int32 {
        let seconds = instant >= 0 ? instant / 1_000_000 : -((-instant + 999_999) / 1_000_000)
        let hour = seconds >= offsetsStart ? (seconds - offsetsStart) / 3_600 : -1
        if hour >= 0, hour < hourlyOffsets.count, hourlyOffsets[Int(hour)] != Int32.min {
            return hourlyOffsets[Int(hour)]
        }
        return Int32(timeZone.utcOffsetSeconds(atSecond: seconds))
    }
}

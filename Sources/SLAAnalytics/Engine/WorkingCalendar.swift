import ChatDomain
import Foundation

/// One schedule's working time as instants over a report's span, built once; the SLA clock's
/// questions are then binary searches over integers.
///
/// Each local day of the span (in the schedule's zone) that is not a holiday contributes its
/// weekday's intervals, each end turned into an instant on its own (so a 09:00–18:00 day is
/// 9 h of local time on a DST day too, and `24:00` is the next day's local midnight). A local
/// time that does not exist, or occurs twice, takes the UTC offset in effect just before the
/// change (``instant(localSeconds:timeZone:)``). Overlapping or touching instants are merged.
///
/// ```swift
/// let calendar = WorkingCalendar(hours: hours, from: spanStart, to: spanEnd)
/// let crossing = calendar.instant(reaching: calendar.cumulative(at: clockStart) + limit)
/// ```
final class WorkingCalendar: Sendable {
    /// Sorted, disjoint working intervals [starts[i], ends[i]) (µs).
    private let starts: [Int64]
    private let ends: [Int64]
    /// `before[i]`: working time (µs) in the intervals before `i`; `before[count]` is the total.
    private let before: [Int64]

    /// - Complexity: O(d · k log(d · k)) for d local days and k intervals a day; O(d · k) memory.
    init(hours: BusinessHours, from spanStart: Int64, to spanEnd: Int64) {
        let zone = TimeZone(identifier: hours.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        func localDay(_ instant: Int64) -> Int64 {
            let seconds = CivilDate.floorDivision(instant, 1_000_000).quotient
            return CivilDate.floorDivision(seconds + Int64(zone.utcOffsetSeconds(atSecond: seconds)), 86_400).quotient
        }
        let holidays = Set(hours.holidays.compactMap { LocalDate(parsing: $0)?.daysSinceEpoch })
        var intervals: [(start: Int64, end: Int64)] = []
        var day = localDay(spanStart) - 1
        let lastDay = localDay(spanEnd) + 1
        while day <= lastDay {
            defer { day += 1 }
            guard !holidays.contains(day) else { continue }
            let weekday = Int(((day + 3) % 7 + 7) % 7)  // 1970-01-01 was a Thursday; Monday is 0.
            for interval in hours.week[weekday] {
                let start = Self.instant(localSeconds: day * 86_400 + Int64(interval.startMinute) * 60, timeZone: zone)
                let end = Self.instant(localSeconds: day * 86_400 + Int64(interval.endMinute) * 60, timeZone: zone)
                if end > start { intervals.append((start * 1_000_000, end * 1_000_000)) }
            }
        }
        intervals.sort { $0.start < $1.start }
        var starts: [Int64] = []
        var ends: [Int64] = []
        for interval in intervals {
            if let last = ends.last, interval.start <= last {
                ends[ends.count - 1] = max(last, interval.end)
            } else {
                starts.append(interval.start)
                ends.append(interval.end)
            }
        }
        var before: [Int64] = [0]
        before.reserveCapacity(starts.count + 1)
        for index in starts.indices { before.append(before[index] + ends[index] - starts[index]) }
        self.starts = starts
        self.ends = ends
        self.before = before
    }

    /// Working time (µs) from the span's start to `instant`.
    /// - Complexity: O(log n) for n intervals.
    func cumulative(at instant: Int64) -> Int64 {
        // The last interval starting at or before `instant`.
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return 0 }
        let index = low - 1
        return before[index] + min(instant - starts[index], ends[index] - starts[index])
    }

    /// The first instant at which the working time from the span's start reaches `target`
    /// (always inside, or at the end of, a working interval); `Int64.max` when it is beyond the span.
    /// - Complexity: O(log n) for n intervals.
    func instant(reaching target: Int64) -> Int64 {
        // The first interval whose end brings the total to `target`.
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if before[mid + 1] >= target { high = mid } else { low = mid + 1 }
        }
        guard low < starts.count else { return .max }
        return starts[low] + max(0, target - before[low])
    }

    /// The instant (s) of a local wall time (`localSeconds`: seconds since 1970-01-01T00:00 local).
    ///
    /// The offset of the day before is tried first, then the offset found at that guess; a time
    /// that neither makes consistent does not exist (a spring-forward gap) and takes the offset in
    /// effect just before the change. Of a time that occurs twice (fall back) the first, the one
    /// with the offset before the change, is found first. The SQL reference
    /// (`queries/reference/business_hours.sql`) does exactly the same.
    static func instant(localSeconds local: Int64, timeZone zone: TimeZone) -> Int64 {
        let first = Int64(zone.utcOffsetSeconds(atSecond: local - 86_400))
        let guess = local - first
        if Int64(zone.utcOffsetSeconds(atSecond: guess)) == first { return guess }
        let second = Int64(zone.utcOffsetSeconds(atSecond: guess))
        let retry = local - second
        let atRetry = Int64(zone.utcOffsetSeconds(atSecond: retry))
        if atRetry == second { return retry }
        return local - atRetry
    }
}

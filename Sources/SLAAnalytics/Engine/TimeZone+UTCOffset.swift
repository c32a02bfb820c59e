import Foundation

extension TimeZone {
    /// The UTC offset in seconds at `second` (whole seconds since the Unix epoch): the one place
    /// the engine asks `TimeZone` for an offset.
    ///
    /// - Complexity: a `TimeZone` look-up, slow next to integer arithmetic: a hot path caches the
    ///   answers (``ReportCalendar`` keeps one per hour).
    func utcOffsetSeconds(atSecond second: Int64) -> Int {
        secondsFromGMT(for: Date(timeIntervalSince1970: Double(second)))
    }

    /// The UTC offset in seconds at `instant` (µs since the Unix epoch), floored to its second:
    /// an offset changes on a second boundary.
    func utcOffsetSeconds(atMicros instant: Int64) -> Int {
        utcOffsetSeconds(atSecond: instant >= 0 ? instant / 1_000_000 : -((-instant + 999_999) / 1_000_000))
    }
}

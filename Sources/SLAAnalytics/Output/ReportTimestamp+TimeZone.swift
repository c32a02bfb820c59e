import Foundation

extension ReportTimestamp {
    /// The instant with `timeZone`'s UTC offset at that instant.
    ///
    /// ```swift
    /// ReportTimestamp(instant: 0, timeZone: TimeZone(identifier: "Asia/Kathmandu") ?? .gmt)
    ///     .description   // "1970-01-01T05:30:00+05:30"
    /// ```
    /// - Parameters:
    ///   - instant: µs since the Unix epoch.
    ///   - timeZone: The report's time zone.
    public init(instant: Int64, timeZone: TimeZone) {
        self.init(instant: instant, utcOffsetSeconds: Int32(timeZone.utcOffsetSeconds(atMicros: instant)))
    }
}

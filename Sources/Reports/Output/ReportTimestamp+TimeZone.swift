import Foundation
import SLAAnalytics

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
        // Floor to whole seconds: an offset changes on a second boundary.
        let seconds = instant >= 0 ? instant / 1_000_000 : -((-instant + 999_999) / 1_000_000)
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        self.init(instant: instant, utcOffsetSeconds: Int32(offset))
    }
}

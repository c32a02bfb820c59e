/// An instant with the report time zone's UTC offset at that instant, printed RFC 3339:
/// `2026-03-08T01:59:59-05:00`, `2026-03-08T01:59:59.000250+05:45`; never `Z`, and `.ffffff`
/// only when the microseconds are not zero.
public struct ReportTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// µs since the Unix epoch.
    public var instant: Int64
    public var utcOffsetSeconds: Int32

    public init(instant: Int64, utcOffsetSeconds: Int32) {
        self.instant = instant
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public var description: String {
        let local = instant + Int64(utcOffsetSeconds) * 1_000_000
        let micros = ((local % 1_000_000) + 1_000_000) % 1_000_000
        let seconds = (local - micros) / 1_000_000
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        let date = LocalDate(daysSinceEpoch: (seconds - secondOfDay) / 86_400)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(date)T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
        if micros != 0 {
            let digits = String(micros)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        let offsetMinutes = Int64(utcOffsetSeconds.magnitude) / 60
        text += "\(utcOffsetSeconds < 0 ? "-" : "+")\(two(offsetMinutes / 60)):\(two(offsetMinutes % 60))"
        return text
    }
}

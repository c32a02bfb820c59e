import SLAAnalytics

/// How figures read on the page. Exact integer arithmetic throughout (no binary floats), so the
/// page says what the CSV says, only friendlier; a figure that does not exist reads "—".
enum DisplayFormat {
    static let missing = "—"

    /// `42.3 s`, `12 min 05 s`, `3 h 07 min`, `2 d 03 h`; `—` for `nil`.
    static func duration(_ value: TenthsOfSecond?) -> String {
        guard let value else { return missing }
        let sign = value.tenths < 0 ? "-" : ""
        let tenths = value.tenths.magnitude
        if tenths < 600 { return sign + "\(tenths / 10).\(tenths % 10) s" }
        let seconds = Int64(tenths / 10) + (tenths % 10 >= 5 ? 1 : 0)
        if seconds < 3600 { return sign + "\(seconds / 60) min \(two(seconds % 60)) s" }
        let minutes = ExactRounding.quotient(seconds, 60)
        if minutes < 24 * 60 { return sign + "\(minutes / 60) h \(two(minutes % 60)) min" }
        let hours = ExactRounding.quotient(seconds, 3600)
        return sign + "\(hours / 24) d \(two(hours % 24)) h"
    }

    /// The exact figure, as in the CSV: `725.3 s`; `—` for `nil`.
    static func exactSeconds(_ value: TenthsOfSecond?) -> String {
        value.map { "\($0) s" } ?? missing
    }

    /// A time limit: `30 s`, `5 min`, `1 min 30 s`, `2 h`, `1 h 30 min`; `—` for none.
    static func limit(_ seconds: Int64?) -> String {
        guard let seconds else { return missing }
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 {
            return seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds / 60) min \(seconds % 60) s"
        }
        let minutes = seconds / 60
        let rest = seconds % 60 == 0 ? "" : " \(seconds % 60) s"
        return (minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min") + rest
    }

    /// A rate as a percentage with one decimal: `12.5 %`; `—` for `nil`.
    static func percent(_ rate: Rate?) -> String {
        guard let rate else { return missing }
        let tenthsOfPercent = ExactRounding.quotient(rate.tenThousandths, 10)
        let magnitude = tenthsOfPercent.magnitude
        return "\(tenthsOfPercent < 0 ? "-" : "")\(magnitude / 10).\(magnitude % 10) %"
    }

    /// The width of a 0–100 bar for a rate, clamped: `12.5`.
    static func barWidth(_ rate: Rate?) -> String {
        guard let rate else { return "0" }
        let tenthsOfPercent = min(1000, max(0, ExactRounding.quotient(rate.tenThousandths, 10)))
        return "\(tenthsOfPercent / 10).\(tenthsOfPercent % 10)"
    }

    /// A count with thin spaces between thousands: `48 213`.
    static func count(_ value: Int) -> String { grouped(String(value.magnitude), negative: value < 0) }

    /// Money from cents, with thin spaces between thousands: `12 900.50`.
    static func money(cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return grouped(String(magnitude / 100), negative: cents < 0) + "." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// An RFC 3339 timestamp easier on the eye: `2026-03-05 14:03:12+03:00`; `—` for `nil`.
    static func timestamp(_ value: ReportTimestamp?) -> String {
        guard let value else { return missing }
        return value.description.replacingFirst("T", with: " ")
    }

    /// A local date and time to the second, the zone being the report's: `2026-03-05 14:03:12`;
    /// `—` for `nil`. (The CSV files keep RFC 3339 with the offset and microseconds.)
    static func localTime(_ value: ReportTimestamp?) -> String {
        guard let value else { return missing }
        return String(timestamp(value).prefix(19))
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func grouped(_ digits: String, negative: Bool) -> String {
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.append(digits[start..<end])
            end = start
        }
        // U+202F NARROW NO-BREAK SPACE: groups digits without letting a line break split them.
        return (negative ? "-" : "") + groups.reversed().joined(separator: "\u{202F}")
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}

/// RFC 3339 timestamps ⇄ microseconds since the Unix epoch (UTC).
///
/// Parsing needs an offset (`Z` or `±HH:MM`); up to nine fraction digits are read and the
/// instant must be a whole microsecond (digits 7–9 zero), so no precision is lost silently.
/// Leap seconds (`:60`) are rejected, and so is an instant outside the years 0001–9999 in UTC
/// (``minimum`` ... ``maximum``: what PostgreSQL's `timestamptz` and the four-digit year of the
/// format hold), offsets included: `0001-01-01T00:30:00+01:00` is year 0 in UTC.
///
/// ```swift
/// RFC3339.parse("2026-01-05T10:00:00+02:00")   // .success(1_767_600_000_000_000)
/// RFC3339.format(1_767_600_000_000_000)         // "2026-01-05T08:00:00Z"
/// ```
public enum RFC3339 {
    /// Why a text is not an RFC 3339 timestamp.
    public enum Problem: Error, Hashable, Sendable {
        case noOffset
        case subMicrosecond
        case malformed
        /// The instant in UTC falls outside the years 0001–9999.
        case outOfRange
    }

    /// 0001-01-01T00:00:00Z in microseconds since the epoch.
    public static let minimum: Int64 = -62_135_596_800_000_000
    /// 9999-12-31T23:59:59.999999Z in microseconds since the epoch.
    public static let maximum: Int64 = 253_402_300_799_999_999

    /// Parses `text` into microseconds since the epoch.
    public static func parse(_ text: String) -> Result<Int64, Problem> {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses UTF-8 bytes into microseconds since the epoch.
    ///
    /// - Complexity: O(n), no allocation.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, Problem> {
        var cursor = 0
        func digits(_ count: Int) -> Int64? {
            guard cursor + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = bytes[cursor]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                cursor += 1
            }
            return value
        }
        func expect(_ ascii: Unicode.Scalar) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ascii) else { return false }
            cursor += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2)
        else { return .failure(.malformed) }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "T") || bytes[cursor] == UInt8(ascii: "t")
        else { return .failure(.malformed) }
        cursor += 1
        guard let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2)
        else { return .failure(.malformed) }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(month, year: year), hour <= 23,
            minute <= 59, second <= 59
        else { return .failure(.malformed) }
        var micros: Int64 = 0
        if expect(".") {
            var count = 0
            var nanos: Int64 = 0
            while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
                count += 1
                guard count <= 9 else { return .failure(.subMicrosecond) }
                nanos = nanos * 10 + Int64(bytes[cursor] - UInt8(ascii: "0"))
                cursor += 1
            }
            guard count > 0 else { return .failure(.malformed) }
            for _ in count..<9 { nanos *= 10 }
            guard nanos % 1000 == 0 else { return .failure(.subMicrosecond) }
            micros = nanos / 1000
        }
        guard cursor < bytes.count else { return .failure(.noOffset) }
        var offsetSeconds: Int64 = 0
        switch bytes[cursor] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            cursor += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
            cursor += 1
            guard let offsetHours = digits(2), expect(":"), let offsetMinutes = digits(2), offsetHours <= 23,
                offsetMinutes <= 59
            else { return .failure(.malformed) }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            return .failure(.malformed)
        }
        guard cursor == bytes.count else { return .failure(.malformed) }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let instant = seconds * 1_000_000 + micros
        guard instant >= minimum, instant <= maximum else { return .failure(.outOfRange) }
        return .success(instant)
    }

    /// Formats microseconds since the epoch as UTC: `2026-01-05T08:00:00Z`, with `.ffffff` only
    /// when the microseconds are not zero. A year outside 0001–9999 (never parsed, but computed
    /// instants can get there) is written with all its digits and its sign, never wrapped.
    public static func format(_ micros: Int64) -> String {
        let (seconds, fraction) = CivilDate.floorDivision(micros, 1_000_000)
        let (days, secondOfDay) = CivilDate.floorDivision(seconds, 86_400)
        let (year, month, day) = CivilDate.fromDays(days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        // The digits are written in place, right to left (no array per field: this runs for
        // every ingested event's canonical text).
        func put(_ value: Int64, _ width: Int) {
            let start = bytes.count
            for _ in 0..<width { bytes.append(UInt8(ascii: "0")) }
            var rest = value.magnitude
            var position = start + width - 1
            while position >= start {
                bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                position -= 1
            }
        }
        if year < 0 { bytes.append(UInt8(ascii: "-")) }
        var yearWidth = 4
        while yearWidth < 19, year.magnitude >= power(of: yearWidth) { yearWidth += 1 }
        put(year, yearWidth)
        bytes.append(UInt8(ascii: "-"))
        put(month, 2)
        bytes.append(UInt8(ascii: "-"))
        put(day, 2)
        bytes.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay % 60, 2)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            put(fraction, 6)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func power(of exponent: Int) -> UInt64 {
        var value: UInt64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}

import ChatDomain

/// A calendar date without a time zone (proleptic Gregorian), printed `YYYY-MM-DD`.
///
/// ```swift
/// let date = LocalDate(parsing: "2026-03-08")   // LocalDate(year: 2026, month: 3, day: 8)
/// date?.adding(days: 1).description              // "2026-03-09"
/// ```
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` naming a real date; `nil` for anything else.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        let candidate = LocalDate(year: year, month: month, day: day)
        guard month >= 1, month <= 12, day >= 1, LocalDate(daysSinceEpoch: candidate.daysSinceEpoch) == candidate
        else { return nil }
        self = candidate
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (negative before it).
    public init(daysSinceEpoch: Int64) {
        let (year, month, day) = CivilDate.fromDays(daysSinceEpoch)
        self.init(year: Int(year), month: Int(month), day: Int(day))
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int64 { CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day)) }

    public func adding(days: Int64) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``description``'s bytes (`YYYY-MM-DD`, the year zero-padded to four digits).
    /// - Complexity: O(1).
    public func appendText(to bytes: inout [UInt8]) {
        if year < 0 { bytes.append(UInt8(ascii: "-")) }
        ReportTimestamp.appendDigits(Int64(year.magnitude), count: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        ReportTimestamp.appendDigits(Int64(month), count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        ReportTimestamp.appendDigits(Int64(day), count: 2, to: &bytes)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

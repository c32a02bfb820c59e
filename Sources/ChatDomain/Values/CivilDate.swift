/// Proleptic Gregorian dates as days since 1970-01-01, with exact integer arithmetic
/// (Howard Hinnant's `days_from_civil` and `civil_from_days`), so no `Calendar` sits in a hot path.
///
/// Every layer that turns instants into dates uses these two functions: the event timestamps
/// (``RFC3339``), the database's text COPY rows, the report's local dates and the generator's
/// lines.
///
/// ```swift
/// CivilDate.days(year: 2026, month: 3, day: 8)   // 20_520
/// CivilDate.fromDays(20_520)                     // (year: 2026, month: 3, day: 8)
/// CivilDate.fromDays(-1)                         // (year: 1969, month: 12, day: 31)
/// ```
public enum CivilDate {
    /// `value / divisor` rounded toward negative infinity, and the remainder that goes with it
    /// (in `0..<divisor`): an instant before 1970 falls on the day before, not the day after.
    ///
    /// ```swift
    /// CivilDate.floorDivision(-1, 86_400)   // (quotient: -1, remainder: 86_399)
    /// ```
    /// - Precondition: `divisor > 0`.
    @inlinable
    public static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Days since 1970-01-01 (negative before it) of a year, month (1–12) and day of the month.
    ///
    /// Any `day` is accepted and counted from the month's first (day 0 is the last of the
    /// month before); callers that need a real date check the day against the month.
    /// - Complexity: O(1), integer arithmetic only.
    @inlinable
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month (1–12) and day of the month `days` days after 1970-01-01.
    /// - Complexity: O(1), integer arithmetic only.
    @inlinable
    public static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `year` has a February 29th.
    @inlinable
    public static func isLeapYear(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The number of days of `month` (1–12) in `year`.
    @inlinable
    public static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

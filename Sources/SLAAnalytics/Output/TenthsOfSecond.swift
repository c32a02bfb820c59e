/// A duration rounded to a tenth of a second, printed `"12.3"` (`"-0.5"`, `"0.0"`).
public struct TenthsOfSecond: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var tenths: Int64

    public init(tenths: Int64) {
        self.tenths = tenths
    }

    /// Rounds integer microseconds half away from zero: 150 000 µs → `"0.2"`.
    public init(roundingMicroseconds microseconds: Int64) {
        tenths = ExactRounding.quotient(microseconds, 100_000)
    }

    /// Rounds the exact rational `numerator / denominator` µs half away from zero.
    public init(roundingMicroseconds numerator: Int64, over denominator: Int64) {
        tenths = ExactRounding.quotient(numerator, denominator * 100_000)
    }

    /// Appends ``description``'s bytes.
    /// - Complexity: O(digits).
    public func appendText(to bytes: inout [UInt8]) {
        if tenths < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = tenths.magnitude
        ReportTimestamp.appendDigits(Int64(magnitude / 10), count: 1, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }

    public var description: String {
        let magnitude = tenths.magnitude
        return "\(tenths < 0 ? "-" : "")\(magnitude / 10).\(magnitude % 10)"
    }

    public static func < (lhs: TenthsOfSecond, rhs: TenthsOfSecond) -> Bool { lhs.tenths < rhs.tenths }
}

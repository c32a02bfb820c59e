/// A fraction `numerator / denominator`, printed with 4 decimals rounded half away from zero
/// exactly: 1/8 → `"0.1250"`, 12345/100000 → `"0.1235"`.
public struct Rate: Sendable, Hashable, CustomStringConvertible {
    public var numerator: Int64
    public var denominator: Int64

    /// `nil` when `denominator` is zero: a rate of nothing does not exist (an empty cell).
    public init?(_ numerator: Int64, over denominator: Int64) {
        guard denominator != 0 else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The rate in ten-thousandths, rounded half away from zero.
    public var tenThousandths: Int64 { ExactRounding.quotient(numerator * 10_000, denominator) }

    public var description: String {
        let value = tenThousandths
        let magnitude = value.magnitude
        let fraction = String(magnitude % 10_000)
        let padded = String(repeating: "0", count: 4 - fraction.count) + fraction
        return "\(value < 0 ? "-" : "")\(magnitude / 10_000).\(padded)"
    }
}

/// Integer division rounded half away from zero: exact, no binary float.
///
/// ```swift
/// ExactRounding.quotient(25, 10)    // 3
/// ExactRounding.quotient(-25, 10)   // -3
/// ExactRounding.quotient(24, 10)    // 2
/// ```
public enum ExactRounding {
    /// `numerator ÷ denominator` rounded half away from zero; `denominator` must not be zero.
    public static func quotient(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        precondition(denominator != 0, "division by zero")
        let negative = (numerator < 0) != (denominator < 0)
        let n = numerator.magnitude
        let d = denominator.magnitude
        var q = n / d
        let r = n % d
        if r >= d - r { q += 1 }
        return negative ? -Int64(q) : Int64(q)
    }
}

/// PostgreSQL's `percentile_cont` (linear interpolation), computed exactly over integer
/// microseconds and rounded once to a tenth of a second.
///
/// With n sorted values and fraction p, the position is p·(n − 1); between the neighbours at
/// ⌊pos⌋ and ⌈pos⌉ the value interpolates linearly. p is rational (`numerator/denominator`) so
/// the result is an exact rational, rounded half away from zero — never a binary float.
///
/// ```swift
/// PercentileCont.value(of: [1_000_000, 2_000_000], numerator: 1, denominator: 2)   // "1.5"
/// ```
public enum PercentileCont {
    /// The median (p = 1/2) of `sorted`, or `nil` for no values.
    /// - Complexity: O(1); `sorted` must be ascending.
    public static func median(of sorted: [Int64]) -> TenthsOfSecond? {
        value(of: sorted, numerator: 1, denominator: 2)
    }

    /// The 90th percentile (p = 9/10) of `sorted`, or `nil` for no values.
    public static func p90(of sorted: [Int64]) -> TenthsOfSecond? { value(of: sorted, numerator: 9, denominator: 10) }

    /// `percentile_cont(numerator/denominator)` of ascending `sorted` µs; `nil` when empty.
    /// - Complexity: O(1).
    public static func value(of sorted: [Int64], numerator: Int64, denominator: Int64) -> TenthsOfSecond? {
        guard !sorted.isEmpty else { return nil }
        let scaled = numerator * Int64(sorted.count - 1)
        let lower = Int(scaled / denominator)
        let remainder = scaled % denominator
        guard remainder != 0 else { return TenthsOfSecond(roundingMicroseconds: sorted[lower]) }
        // Exact value: (v[lo]·den + rem·(v[hi] − v[lo])) / den µs.
        let exact = sorted[lower] * denominator + remainder * (sorted[lower + 1] - sorted[lower])
        return TenthsOfSecond(roundingMicroseconds: exact, over: denominator)
    }
}

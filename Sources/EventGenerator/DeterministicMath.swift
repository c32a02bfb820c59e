/// `log` and `exp` built only from IEEE-754 basic operations (which are correctly rounded on
/// every platform), so a seed yields the same bytes on Linux and macOS alike. The C library's
/// transcendental functions may differ in the last bit between platforms, and one bit is
/// enough to change a millisecond, hence a line.
///
/// Accuracy is about 1e-15 relative, far beyond what the generator needs.
enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458
    private static let sqrtHalf = 0.707_106_781_186_547_524_400_844_362_105

    /// The natural logarithm of `x` > 0 (`-infinity` for 0, `nan` below).
    ///
    /// - Complexity: O(1): a fixed series of 12 terms.
    static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var exponent = Double(x.exponent)
        var mantissa = x.significand  // [1, 2)
        if mantissa > 2 * sqrtHalf {
            mantissa /= 2
            exponent += 1
        }
        // log m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172 for m in [√½, √2).
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var denominator = 1.0
        for _ in 0..<12 {
            sum += term / denominator
            term *= s2
            denominator += 2
        }
        return 2 * sum + exponent * ln2
    }

    /// e raised to `x` (0 below −745, `infinity` above 709).
    ///
    /// - Complexity: O(1): a fixed Taylor series of 18 terms after range reduction.
    static func exp(_ x: Double) -> Double {
        guard x.isFinite else { return x > 0 ? x : 0 }
        if x > 709.7 { return .infinity }
        if x < -745 { return 0 }
        let k = (x / ln2).rounded()
        let r = x - k * ln2  // |r| ≤ ln2 / 2
        var term = 1.0
        var sum = 1.0
        for n in 1...18 {
            term *= r / Double(n)
            sum += term
        }
        let power = Int(k)
        // Scale in two steps so 2^power never overflows on its own near the ends of the range.
        let half = power / 2
        return sum * Double(sign: .plus, exponent: half, significand: 1)
            * Double(sign: .plus, exponent: power - half, significand: 1)
    }
}

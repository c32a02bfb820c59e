import Testing

@testable import SLAAnalytics

/// Hand values of PostgreSQL's `percentile_cont`: position p·(n − 1), linear interpolation.
@Suite struct PercentileContTests {
    @Test func singleValueIsEveryPercentile() {
        // n = 1: position 0 for every p.
        #expect(PercentileCont.median(of: [7_000_000])?.description == "7.0")
        #expect(PercentileCont.p90(of: [7_000_000])?.description == "7.0")
    }

    @Test func twoValuesInterpolate() {
        // n = 2, [1 s, 2 s]: median at 0.5 → 1.5 s; p90 at 0.9 → 1 + 0.9 = 1.9 s.
        #expect(PercentileCont.median(of: [1_000_000, 2_000_000])?.description == "1.5")
        #expect(PercentileCont.p90(of: [1_000_000, 2_000_000])?.description == "1.9")
    }

    @Test func tenValues() {
        // n = 10, 1 s … 10 s: median at 4.5 → 5 + 0.5 × 1 = 5.5 s; p90 at 8.1 → 9 + 0.1 × 1 = 9.1 s.
        let values = (1...10).map { Int64($0) * 1_000_000 }
        #expect(PercentileCont.median(of: values)?.description == "5.5")
        #expect(PercentileCont.p90(of: values)?.description == "9.1")
        // 10 values 0, 3 s, …, 27 s: p90 at 8.1 → 24 + 0.1 × 3 = 24.3 s; median 12 + 0.5 × 3 = 13.5 s.
        let threes = (0..<10).map { Int64($0) * 3_000_000 }
        #expect(PercentileCont.p90(of: threes)?.description == "24.3")
        #expect(PercentileCont.median(of: threes)?.description == "13.5")
    }

    @Test func elevenValuesHitExactPositions() {
        // n = 11: median at 5, p90 at 9 — no interpolation. values[9] = 1.25 s rounds half away
        // from zero to 1.3 (a float round-half-even would say 1.2).
        let values: [Int64] = [0, 1, 2, 3, 4, 1_050_000, 1_100_000, 1_150_000, 1_200_000, 1_250_000, 9_000_000]
        #expect(PercentileCont.median(of: values)?.description == "1.1")
        #expect(PercentileCont.p90(of: values)?.description == "1.3")
    }

    @Test func exactRationalIsRoundedOnce() {
        // [0, 1 µs]: p90 = 0.9 µs → 0.0 s. [0, 100 000 µs]: median = 50 000 µs = 0.05 s, exactly
        // half a tenth → 0.1 s; negative mirrors it.
        #expect(PercentileCont.p90(of: [0, 1])?.description == "0.0")
        #expect(PercentileCont.median(of: [0, 100_000])?.description == "0.1")
        #expect(PercentileCont.median(of: [-100_000, 0])?.description == "-0.1")
        // [0, 1 s]: p90 = 0.9 s exactly (0.9 × 1e6 in binary float is not exact).
        #expect(PercentileCont.p90(of: [0, 1_000_000])?.description == "0.9")
        // [0, 111 111 µs]: p90 = 99 999.9 µs → 0.999999 tenths → 0.1 s.
        #expect(PercentileCont.p90(of: [0, 111_111])?.description == "0.1")
    }

    @Test func emptyHasNoPercentile() {
        #expect(PercentileCont.median(of: []) == nil)
        #expect(PercentileCont.value(of: [], numerator: 1, denominator: 4) == nil)
    }
}

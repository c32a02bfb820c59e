import Testing

@testable import SLAAnalytics

@Suite struct OnTimeTargetTests {
    @Test func targetsParseExactly() throws {
        let target = try #require(OnTimeTarget(parsing: "0.95"))
        #expect((target.numerator, target.denominator) == (95, 100))
        #expect(OnTimeTarget(parsing: "95%") == OnTimeTarget(parsing: "0.95"))
        #expect(OnTimeTarget(parsing: "1.5") == nil)
        #expect(OnTimeTarget(parsing: "abc") == nil)
        #expect(target.isMet(kept: 95, of: 100))
        #expect(!target.isMet(kept: 94, of: 100))
    }
}

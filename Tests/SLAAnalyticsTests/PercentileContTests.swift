import Testing

@testable import SLAAnalytics

@Suite struct PercentileContTests {
    @Test func singleValueIsEveryPercentile() {
        #expect(PercentileCont.median(of: [1_234_567])?.description == "1.2")
    }
}

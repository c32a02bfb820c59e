import Testing

@testable import SLAAnalytics

/// The samples' sort gives the standard library's order on every shape of input: unsorted (the
/// radix sort), a few sorted runs (the standard merge), small arrays, duplicates, negative
/// values and the extremes of Int64.
@Suite struct SampleSortTests {
    @Test(arguments: [0, 1, 2, 1_023, 1_024, 5_000, 100_000])
    func unsortedSamplesSortAsTheStandardSortDoes(count: Int) {
        var random = SystemRandomNumberGenerator()
        for range: ClosedRange<Int64> in [0...2_592_000_000_000, -5...5, Int64.min...Int64.max, 7...7] {
            let values = (0..<count).map { _ in Int64.random(in: range, using: &random) }
            var sorted = values
            SampleSort.sort(&sorted)
            #expect(sorted == values.sorted(), "\(count) values in \(range)")
        }
    }

    @Test func twoSortedRunsAreMergedAndExtremesKeepTheirPlace() {
        let first = (0..<3_000).map { Int64($0) * 7 }
        let second = (0..<2_000).map { Int64($0) * 5 - 1_000 }
        var merged = first + second
        #expect(SampleSort.isFewRuns(merged))
        SampleSort.sort(&merged)
        #expect(merged == (first + second).sorted())
        var extremes = (0..<2_000).map { $0 % 2 == 0 ? Int64.max - Int64($0) : Int64.min + Int64($0) }
        #expect(!SampleSort.isFewRuns(extremes))
        SampleSort.radixSort(&extremes)
        #expect(extremes == extremes.sorted())
        #expect(extremes.first == Int64.min + 1 && extremes.last == Int64.max)
    }
}

/// Sorting of duration samples (µs) for percentiles: a least-significant-digit radix sort when
/// the samples are in no order, the standard library's sort when they are a few sorted runs.
///
/// At 1M dialogs a worker's samples are millions of unsorted values, where the standard
/// library's comparison merge sort cost 12% of the report; a radix sort reads them once per
/// 11-bit digit of their range (four passes for a range of 30 days in µs). After the workers'
/// accumulators are merged the samples are two sorted runs, which the standard sort merges in
/// one pass.
enum SampleSort {
    /// Below this count the standard sort wins.
    static let radixThreshold = 1_024
    /// Bits per radix digit.
    static let digitBits = 11

    static func sort(_ values: inout [Int64]) {
        guard values.count >= radixThreshold, !isFewRuns(values) else {
            values.sort()
            return
        }
        radixSort(&values)
    }

    /// Whether `values` is at most 16 sorted runs (a merge then costs O(n)).
    static func isFewRuns(_ values: [Int64]) -> Bool {
        var descents = 0
        for index in values.indices.dropFirst() where values[index - 1] > values[index] {
            descents += 1
            if descents >= 16 { return false }
        }
        return true
    }

    /// Sorts by the values' offsets from their minimum, digit by digit, least significant first.
    /// - Complexity: O(n · ⌈bits of (max − min) / 11⌉) time, n values of scratch memory.
    static func radixSort(_ values: inout [Int64]) {
        guard let low = values.min(), let high = values.max(), low < high else { return }
        // The offsets fit 64 unsigned bits whatever the signs (two's complement difference).
        let range = UInt64(bitPattern: high &- low)
        let bits = UInt64.bitWidth - range.leadingZeroBitCount
        let passes = (bits + digitBits - 1) / digitBits
        let radix = 1 << digitBits
        let mask = UInt64(radix - 1)
        var scratch = [Int64](repeating: 0, count: values.count)
        var counts = [Int](repeating: 0, count: radix)
        var inScratch = false
        for pass in 0..<passes {
            let shift = UInt64(pass * digitBits)
            values.withUnsafeMutableBufferPointer { valuesBuffer in
                scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                    let source = inScratch ? scratchBuffer : valuesBuffer
                    let target = inScratch ? valuesBuffer : scratchBuffer
                    for index in counts.indices { counts[index] = 0 }
                    for value in source {
                        counts[Int(UInt64(bitPattern: value &- low) >> shift & mask)] += 1
                    }
                    var total = 0
                    for index in counts.indices {
                        let count = counts[index]
                        counts[index] = total
                        total += count
                    }
                    for value in source {
                        let digit = Int(UInt64(bitPattern: value &- low) >> shift & mask)
                        target[counts[digit]] = value
                        counts[digit] += 1
                    }
                }
            }
            inScratch.toggle()
        }
        if inScratch { swap(&values, &scratch) }
    }
}

/// Maps database surrogate keys to slots `0..<count` in the order given.
///
/// Keys are dense integers, so a flat array indexed by key is used when the key range is not much
/// larger than the count; a dictionary otherwise.
/// - Complexity: O(1) per lookup.
struct DenseIndex: Sendable {
    private var table: [Int32] = []
    private var offset: Int64 = 0
    private var sparse: [Int64: Int32] = [:]
    private var usesTable = true

    init(keys: [Int64]) {
        guard let low = keys.min(), let high = keys.max() else { return }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        if !overflow, span < Int64(keys.count) * 4 + 1024 {
            offset = low
            table = [Int32](repeating: -1, count: Int(span) + 1)
            for (slot, key) in keys.enumerated() where table[Int(key - low)] < 0 {
                table[Int(key - low)] = Int32(slot)
            }
        } else {
            usesTable = false
            for (slot, key) in keys.enumerated() where sparse[key] == nil {
                sparse[key] = Int32(slot)
            }
        }
    }

    func slot(_ key: Int64) -> Int? {
        if usesTable {
            let index = key &- offset
            guard index >= 0, index < Int64(table.count) else { return nil }
            let slot = table[Int(index)]
            return slot < 0 ? nil : Int(slot)
        }
        return sparse[key].map { Int($0) }
    }
}

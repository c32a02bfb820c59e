/// Each item's position by key: an array over the keys' range when the keys are dense (ingestion
/// numbers dialogs and orders consecutively), a dictionary otherwise. The dialog facts' grouping
/// (``DialogFactGroups``) and the history's chat orders look their rows up through it.
struct KeySlots {
    private var base: Int64 = 0
    private var dense: [Int32] = []
    private var sparse: [Int64: Int32] = [:]
    private var isDense = true

    /// The positions of `keys`, in their order.
    init<Keys: Collection>(keys: Keys) where Keys.Element == Int64 {
        guard let low = keys.min(), let high = keys.max() else { return }
        let span = high - low + 1
        isDense = span <= 4 * Int64(keys.count) + 4096
        if isDense {
            base = low
            dense = [Int32](repeating: -1, count: Int(span))
            for (slot, key) in keys.enumerated() { dense[Int(key - low)] = Int32(slot) }
        } else {
            sparse.reserveCapacity(keys.count)
            for (slot, key) in keys.enumerated() { sparse[key] = Int32(slot) }
        }
    }

    /// `items` (whose keys these slots were made from, in that order) sorted by key; the slots then
    /// give the positions in the sorted array.
    mutating func sortedByKey<Item>(_ items: [Item], key: (Item) -> Int64) -> [Item] {
        var sorted: [Item] = []
        sorted.reserveCapacity(items.count)
        if isDense {
            for offset in dense.indices where dense[offset] >= 0 {
                sorted.append(items[Int(dense[offset])])
                dense[offset] = Int32(sorted.count - 1)
            }
        } else {
            sorted = items.sorted { key($0) < key($1) }
            for (slot, item) in sorted.enumerated() { sparse[key(item)] = Int32(slot) }
        }
        return sorted
    }

    /// The position of the item with this key, nil when none has it.
    func slot(of key: Int64) -> Int? {
        if isDense {
            let offset = key - base
            guard offset >= 0, offset < Int64(dense.count) else { return nil }
            let slot = dense[Int(offset)]
            return slot < 0 ? nil : Int(slot)
        }
        return sparse[key].map(Int.init)
    }
}

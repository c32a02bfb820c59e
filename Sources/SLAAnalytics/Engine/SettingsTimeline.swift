/// A settings history sorted by (`effectiveAt`, `seq`), answering "which entry is in effect".
struct SettingsTimeline<Entry: Sendable>: Sendable {
    private var keys: [(at: Int64, seq: Int64)] = []
    private var entries: [Entry] = []

    init(_ items: [(at: Int64, seq: Int64, entry: Entry)]) {
        let sorted = items.sorted { $0.at != $1.at ? $0.at < $1.at : $0.seq < $1.seq }
        keys = sorted.map { (at: $0.at, seq: $0.seq) }
        entries = sorted.map(\.entry)
    }

    /// The last entry with (`effectiveAt`, `seq`) at or before (`at`, `seq`).
    /// - Complexity: O(log n).
    func inEffect(at: Int64, seq: Int64) -> Entry? {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            let key = keys[mid]
            if key.at < at || (key.at == at && key.seq <= seq) { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : entries[low - 1]
    }
}

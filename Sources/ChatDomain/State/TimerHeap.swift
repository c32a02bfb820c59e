/// A binary min-heap of dialog timers keyed by the last activity instant they were pushed with.
///
/// Entries are invalidated lazily: a popped entry whose dialog has moved on (closed, other
/// responsible class, newer activity) is dropped or pushed again with the newer key, so a
/// dialog has about one live entry however many messages it gets.
///
/// - Complexity: `push` and `popMin` O(log n); `min` O(1).
struct TimerHeap: Sendable {
    struct Entry: Sendable {
        var key: Int64
        var dialog: DialogID
    }

    private(set) var entries: [Entry] = []

    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.key < b.key || (a.key == b.key && a.dialog.rawValue.utf8.lexicographicallyPrecedes(b.dialog.rawValue.utf8))
    }

    var min: Entry? { entries.first }
    var count: Int { entries.count }

    mutating func push(_ key: Int64, _ dialog: DialogID) {
        entries.append(Entry(key: key, dialog: dialog))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(entries[child], entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func popMin() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return first }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { break }
            var smallest = left
            if left + 1 < entries.count, Self.less(entries[left + 1], entries[left]) { smallest = left + 1 }
            guard Self.less(entries[smallest], entries[parent]) else { break }
            entries.swapAt(smallest, parent)
            parent = smallest
        }
        return first
    }
}

/// Integer keys of one table's rows by source id, handed out by the ingester (the only writer).
///
/// - Complexity: lookups and new keys are O(1) amortised; memory is O(rows known).
struct SurrogateKeys<ID: Hashable>: Sendable where ID: Sendable {
    private(set) var keys: [ID: Int64] = [:]
    private(set) var next: Int64 = 1

    /// The key of `id`, if it has one.
    subscript(id: ID) -> Int64? { keys[id] }

    /// The key of `id`, making a new one when it has none.
    mutating func key(for id: ID) -> Int64 {
        if let key = keys[id] { return key }
        let key = next
        next += 1
        keys[id] = key
        return key
    }

    /// Records a key read from the database.
    mutating func restore(_ id: ID, key: Int64) {
        keys[id] = key
        if key >= next { next = key + 1 }
    }

    /// Forgets the keys of ids not in `kept` (their rows are in the database); new keys still
    /// continue above every key handed out.
    mutating func retain(_ kept: Set<ID>) {
        keys = keys.filter { kept.contains($0.key) }
    }

    /// Makes sure new keys start above `key` (keys of rows this process does not keep).
    mutating func reserve(through key: Int64) {
        if key >= next { next = key + 1 }
    }
}

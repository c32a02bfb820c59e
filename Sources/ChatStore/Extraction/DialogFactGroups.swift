/// The dialog-facts rows of every connection, grouped by dialog in memory: the replacement for a
/// server-side `ORDER BY dialog` over the whole history, which spilled to disk and cost more than
/// reading the rows.
///
/// Grouping is a counting sort by dialog (two passes over the facts, O(facts + dialogs)); each
/// dialog's few facts are then sorted by (at, seq, code) as the dialog is replayed. Facts of
/// dialogs without a header (internal dialogs, which the statement does not filter) are dropped.
///
/// ```swift
/// let groups = try DialogFactGroups(taking: &shares)        // shares: one CollectedFacts per connection
/// try groups.forEachDialog(part: 0, of: 2, into: &sink)    // the first half of the facts, by dialog
/// ```
public struct DialogFactGroups: Sendable {
    /// Every customer dialog's header, in grouping order.
    public let dialogs: [ExtractedDialog]
    /// The facts as the connections read them.
    @usableFromInline let shares: [[PackedFact]]
    /// `share << indexBits | index` of every kept fact, grouped by dialog in the order of `dialogs`.
    @usableFromInline let order: [UInt32]
    /// Where each dialog's facts start in `order`; one more entry than `dialogs`.
    @usableFromInline let starts: [Int]

    /// Bits of a fact's index within its share in `order`; the share takes the bits above.
    @usableFromInline static let indexBits = 27

    /// Groups the shares' rows by dialog, emptying `shares`.
    /// - Throws: `StoreError.storedDataUnreadable` when a share holds more facts than the grouping
    ///   indexes (2^27), or there are more shares than it can tell apart (32).
    /// - Complexity: O(facts + dialogs) time; memory 4 bytes a fact and 8 bytes a dialog key in
    ///   the headers' key range, beyond the shares.
    public init(taking collected: inout [CollectedFacts]) throws {
        guard collected.count <= 1 << (32 - Self.indexBits) else {
            throw StoreError.storedDataUnreadable("the report read dialog facts on more than 32 connections")
        }
        var dialogs: [ExtractedDialog] = []
        dialogs.reserveCapacity(collected.reduce(0) { $0 + $1.dialogs.count })
        var shares: [[PackedFact]] = []
        for index in collected.indices {
            guard collected[index].facts.count < 1 << Self.indexBits else {
                throw StoreError.storedDataUnreadable(
                    "one connection read more than \(1 << Self.indexBits) dialog facts: run the report with more workers"
                )
            }
            dialogs += collected[index].dialogs
            shares.append(collected[index].facts)
            collected[index] = CollectedFacts()
        }
        // Dialogs in key order: the engine's rows then come in runs already sorted (breaches by
        // dialog id), as they did when the server sorted the rows by dialog.
        var slots = DialogSlots(keys: dialogs.lazy.map(\.key))
        dialogs = slots.sortedByKey(dialogs)
        // Pass 1: facts per dialog (shifted by one: the prefix sums then give each start).
        var starts = [Int](repeating: 0, count: dialogs.count + 1)
        for share in shares {
            for fact in share {
                if let slot = slots.slot(of: fact.dialog) { starts[slot + 1] += 1 }
            }
        }
        for slot in 0..<dialogs.count { starts[slot + 1] += starts[slot] }
        // Pass 2: each fact's position in its dialog's run.
        var next = starts
        var order = [UInt32](repeating: 0, count: starts[dialogs.count])
        for (shareIndex, share) in shares.enumerated() {
            let tag = UInt32(shareIndex) << Self.indexBits
            for (index, fact) in share.enumerated() {
                guard let slot = slots.slot(of: fact.dialog) else { continue }
                order[next[slot]] = tag | UInt32(index)
                next[slot] += 1
            }
        }
        self.dialogs = dialogs
        self.shares = shares
        self.order = order
        self.starts = starts
    }

    /// Facts kept (of customer dialogs).
    public var factCount: Int { order.count }

    /// Replays part `part` of `parts` into `sink`: for each of its dialogs the header, its facts
    /// in (at, seq, code) order, the end. The parts hold contiguous runs of dialogs with about
    /// the same number of facts; together they hold every dialog once.
    ///
    /// Inlinable so that it is specialised for the caller's sink: the per-fact calls then inline.
    /// - Complexity: O(f log f) per dialog of f facts (O(f) when already in order).
    @inlinable
    public func forEachDialog<Sink: DialogFactsSink>(part: Int, of parts: Int, into sink: inout Sink) throws {
        let dialogRange = self.dialogRange(part: part, of: parts)
        var facts: [PackedFact] = []
        facts.reserveCapacity(256)
        let mask = UInt32(1 << Self.indexBits - 1)
        for slot in dialogRange {
            try sink.beginDialog(dialogs[slot])
            facts.removeAll(keepingCapacity: true)
            for position in starts[slot]..<starts[slot + 1] {
                let tag = order[position]
                facts.append(shares[Int(tag >> UInt32(Self.indexBits))][Int(tag & mask)])
            }
            if !zip(facts, facts.dropFirst()).allSatisfy({ !PackedFact.precedes($1, $0) }) {
                facts.sort(by: PackedFact.precedes)
            }
            for fact in facts { try sink.add(fact.extracted) }
            try sink.endDialog()
        }
    }

    /// The dialogs of part `part` of `parts`: cut where the facts before reach `part / parts` of all.
    @usableFromInline
    func dialogRange(part: Int, of parts: Int) -> Range<Int> {
        precondition(parts > 0 && (0..<parts).contains(part), "part \(part) of \(parts)")
        func cut(_ part: Int) -> Int {
            if part == 0 { return 0 }
            if part == parts { return dialogs.count }
            let target = order.count * part / parts
            // The first dialog whose facts start at or after the target.
            var low = 0
            var high = dialogs.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] < target { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return cut(part)..<cut(part + 1)
    }
}

/// Each header's position by dialog key: an array over the keys' range when the keys are dense
/// (ingestion numbers dialogs consecutively), a dictionary otherwise.
private struct DialogSlots {
    private var base: UInt32 = 0
    private var dense: [Int32] = []
    private var sparse: [UInt32: Int32] = [:]
    private var isDense = true

    init<Keys: Collection>(keys: Keys) where Keys.Element == Int64 {
        guard let low = keys.min(), let high = keys.max() else { return }
        let span = high - low + 1
        isDense = span <= 4 * Int64(keys.count) + 4096
        if isDense {
            base = UInt32(clamping: low)
            dense = [Int32](repeating: -1, count: Int(span))
            for (slot, key) in keys.enumerated() { dense[Int(key - low)] = Int32(slot) }
        } else {
            sparse.reserveCapacity(keys.count)
            for (slot, key) in keys.enumerated() { sparse[UInt32(clamping: key)] = Int32(slot) }
        }
    }

    /// `dialogs` (whose keys these slots were made from, in that order) sorted by key; the
    /// slots then give the positions in the sorted array.
    mutating func sortedByKey(_ dialogs: [ExtractedDialog]) -> [ExtractedDialog] {
        var sorted: [ExtractedDialog] = []
        sorted.reserveCapacity(dialogs.count)
        if isDense {
            for offset in dense.indices where dense[offset] >= 0 {
                sorted.append(dialogs[Int(dense[offset])])
                dense[offset] = Int32(sorted.count - 1)
            }
        } else {
            sorted = dialogs.sorted { $0.key < $1.key }
            for (slot, dialog) in sorted.enumerated() { sparse[UInt32(clamping: dialog.key)] = Int32(slot) }
        }
        return sorted
    }

    /// The header's position for a fact's dialog key, nil when no header has that key.
    func slot(of key: UInt32) -> Int? {
        if isDense {
            guard key >= base else { return nil }
            let offset = Int(key - base)
            guard offset < dense.count else { return nil }
            let slot = dense[offset]
            return slot < 0 ? nil : Int(slot)
        }
        return sparse[key].map(Int.init)
    }
}

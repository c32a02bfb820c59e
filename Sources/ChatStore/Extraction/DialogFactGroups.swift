import Dispatch
import Synchronization

/// The dialog-facts rows of every connection, grouped by dialog in memory: the replacement for a
/// server-side `ORDER BY dialog` over the whole history, which spilled to disk and cost more than
/// reading the rows.
///
/// Grouping is a counting sort by dialog (two passes over the facts, O(facts + dialogs)) into
/// `parts` runs of dialogs, in key order, with about the same number of facts each; a part is
/// replayed once, each dialog's few facts sorted by (at, seq, code) as it goes, and its facts
/// are freed as they are replayed, so that the engine's figures grow while the facts shrink.
/// Facts of dialogs without a header (internal dialogs, which the statement does not filter)
/// are dropped.
///
/// ```swift
/// let groups = DialogFactGroups(taking: &shares, parts: 2)       // one CollectedFacts per connection
/// try groups.forEachDialog(part: 0, into: &sink)                 // on one thread; part 1 on another
/// ```
public struct DialogFactGroups: Sendable {
    /// Every customer dialog's header, in key order.
    public let dialogs: [ExtractedDialog]
    /// Where each dialog's facts start in the grouped order; one more entry than `dialogs`.
    @usableFromInline let starts: [Int]
    /// The parts, each taken by the one replay of it.
    @usableFromInline let parts: PartStore
    /// Facts kept (of customer dialogs).
    public let factCount: Int

    /// One part's dialogs (`slots`, positions in `dialogs`) and their facts in grouped order
    /// from `starts[slots.lowerBound]`.
    @usableFromInline
    struct Part: Sendable {
        @usableFromInline let slots: Range<Int>
        @usableFromInline var facts: FactChunks
    }

    /// The parts not replayed yet.
    @usableFromInline
    final class PartStore: Sendable {
        @usableFromInline let parts: Mutex<[Part?]>

        init(_ parts: [Part]) {
            self.parts = Mutex(parts)
        }

        /// Part `index`, moved out; nil when it was taken already.
        @usableFromInline
        func take(_ index: Int) -> Part? {
            parts.withLock { parts in
                guard parts.indices.contains(index) else { return nil }
                return parts[index].take()
            }
        }
    }

    /// Groups the shares' rows by dialog into `parts` parts, emptying `shares`.
    /// - Complexity: O(facts + dialogs) time, the two passes a thread per share; memory: the facts
    ///   twice at most (the shares and the grouped order, then the grouped order and the parts'
    ///   chunks), 8 bytes a dialog per share and 4 bytes a dialog key in the headers' key range.
    public init(taking collected: inout [CollectedFacts], parts partCount: Int) {
        precondition(partCount > 0, "at least one part")
        var dialogs: [ExtractedDialog] = []
        dialogs.reserveCapacity(collected.reduce(0) { $0 + $1.dialogs.count })
        for index in collected.indices {
            dialogs += collected[index].dialogs
            collected[index].dialogs = []
        }
        // Dialogs in key order: the engine's rows then come in runs already sorted (breaches by
        // dialog id), as they did when the server sorted the rows by dialog.
        var sorting = KeySlots(keys: dialogs.lazy.map(\.key))
        dialogs = sorting.sortedByKey(dialogs, key: \.key)
        let slots = sorting
        let shares = collected.map(\.facts)
        for index in collected.indices { collected[index] = CollectedFacts() }
        // Pass 1, a thread per share: each share's facts per dialog.
        let dialogCount = dialogs.count
        let cursors = ShareRows<Int>(rows: shares.count, columns: dialogCount, filler: 0)
        DispatchQueue.concurrentPerform(iterations: shares.count) { share in
            let counts = cursors.row(share)
            for chunk in shares[share].chunks {
                for fact in chunk {
                    if let slot = slots.slot(of: Int64(fact.dialog)) { counts[slot] += 1 }
                }
            }
        }
        // Each dialog's start, and where each share's facts of it go: after the earlier shares'.
        var starts = [Int](repeating: 0, count: dialogCount + 1)
        for slot in 0..<dialogCount {
            var position = starts[slot]
            for share in shares.indices {
                let count = cursors.row(share)[slot]
                cursors.row(share)[slot] = position
                position += count
            }
            starts[slot + 1] = position
        }
        let total = starts[dialogCount]
        // The parts: runs of dialogs cut where the facts before reach `part / parts` of all.
        let cuts = (0...partCount).map { part -> Int in
            if part == 0 { return 0 }
            if part == partCount { return dialogCount }
            return Self.firstSlot(startingAtOrAfter: total * part / partCount, in: starts)
        }
        // Pass 2, a thread per share: each fact to its place in its dialog's run. Every place is
        // written once (the counts are pass 1's), by one thread.
        let grouped = [PackedFact](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let target = DisjointWrites(base: base)
            DispatchQueue.concurrentPerform(iterations: shares.count) { share in
                let next = cursors.row(share)
                for chunk in shares[share].chunks {
                    for fact in chunk {
                        guard let slot = slots.slot(of: Int64(fact.dialog)) else { continue }
                        (target.base + next[slot]).initialize(to: fact)
                        next[slot] += 1
                    }
                }
            }
            initialized = total
        }
        let parts = (0..<partCount).map { part in
            Part(
                slots: cuts[part]..<cuts[part + 1],
                facts: FactChunks(grouped[starts[cuts[part]]..<starts[cuts[part + 1]]])
            )
        }
        self.dialogs = dialogs
        self.starts = starts
        self.parts = PartStore(parts)
        self.factCount = total
    }

    /// The header of the customer dialog with this key, nil when there is none.
    /// - Complexity: O(log dialogs).
    func dialog(withKey key: Int64) -> ExtractedDialog? {
        let slot = Self.firstIndex(in: dialogs.count) { dialogs[$0].key >= key }
        return slot < dialogs.count && dialogs[slot].key == key ? dialogs[slot] : nil
    }

    /// `orders` with the channel of each order read without one taken from its dialog's header
    /// (`chat_orders.sql` leaves it to the headers, every customer dialog being read, and
    /// `period_chat_orders.sql` for the orders of the dialogs a worker read); an order of a dialog
    /// with no header keeps no channel.
    /// - Complexity: O(orders · log dialogs).
    public func completingChannels(_ orders: [ExtractedOrder]) -> [ExtractedOrder] {
        orders.map { order in
            guard order.channel == nil, let dialog = order.dialog, let header = self.dialog(withKey: dialog) else {
                return order
            }
            var completed = order
            completed.channel = header.channel
            return completed
        }
    }

    /// The first dialog whose facts start at or after `target` in the grouped order.
    private static func firstSlot(startingAtOrAfter target: Int, in starts: [Int]) -> Int {
        firstIndex(in: starts.count - 1) { starts[$0] >= target }
    }

    /// The first index of `0..<count` where `holds` is true (`count` when none), for a `holds`
    /// false up to some index and true from it on.
    /// - Complexity: O(log count) calls of `holds`.
    private static func firstIndex(in count: Int, where holds: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if holds(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Replays part `part` into `sink`: for each of its dialogs the header, its facts in (at,
    /// seq, code) order, the end; each chunk of facts is freed once replayed. A part is replayed
    /// once: it is taken out of the groups.
    ///
    /// Inlinable so that it is specialised for the caller's sink: the per-fact calls then inline.
    /// - Throws: `StoreError.invariantBroken` when the part was replayed already; what `sink`
    ///   throws.
    /// - Complexity: O(f log f) per dialog of f facts (O(f) when already in order).
    @inlinable
    public func forEachDialog<Sink: DialogFactsSink>(part index: Int, into sink: inout Sink) throws {
        guard var part = parts.take(index) else {
            throw StoreError.invariantBroken("part \(index) of the dialog facts was replayed twice or does not exist")
        }
        guard !part.slots.isEmpty else { return }
        let base = starts[part.slots.lowerBound]
        var facts: [PackedFact] = []
        facts.reserveCapacity(256)
        for slot in part.slots {
            try sink.beginDialog(dialogs[slot])
            facts.removeAll(keepingCapacity: true)
            for position in starts[slot] - base..<starts[slot + 1] - base {
                facts.append(part.facts[position])
            }
            if !zip(facts, facts.dropFirst()).allSatisfy({ !PackedFact.precedes($1, $0) }) {
                facts.sort(by: PackedFact.precedes)
            }
            for fact in facts { try sink.add(fact.extracted()) }
            try sink.endDialog()
            part.facts.free(before: starts[slot + 1] - base)
        }
    }
}

/// One row of `columns` values per share, in one allocation: each thread of a
/// `concurrentPerform` writes only its own share's row.
private final class ShareRows<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value>
    private let columns: Int

    init(rows: Int, columns: Int, filler: Value) {
        storage = .allocate(capacity: max(1, rows * columns))
        storage.initialize(repeating: filler)
        self.columns = columns
    }

    deinit {
        storage.baseAddress?.deinitialize(count: storage.count)
        storage.deallocate()
    }

    /// The first value of row `row`; the row holds `columns` values.
    func row(_ row: Int) -> UnsafeMutablePointer<Value> {
        // A row of a non-empty allocation: the base address exists.
        storage.baseAddress.unsafelyUnwrapped + row * columns
    }
}

/// A buffer that several threads write at disjoint places.
private struct DisjointWrites<Value>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Value>
}

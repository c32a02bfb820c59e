import ChatDomain

/// String order by Unicode code points (not Swift's canonical-equivalence order), as the
/// report files are sorted.
///
/// UTF-8 preserves code-point order byte for byte, so strings are compared as their UTF-8 bytes:
/// the same order as comparing scalar values, without decoding them.
enum CodePointOrder {
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// True when the two strings hold the same code points (Swift's `==` also equates
    /// canonically equivalent strings, which this order tells apart).
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && compare(lhs, rhs) == 0
    }

    /// The two strings' UTF-8 bytes compared as `memcmp` does, then by length: -1, 0 or 1
    /// (``UTF8Order``).
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        UTF8Order.compare(lhs, rhs)
    }

    /// Row order: first column, then the next.
    static func less(_ lhs: [String], _ rhs: [String]) -> Bool {
        for (l, r) in zip(lhs, rhs) where !same(l, r) {
            return less(l, r)
        }
        return lhs.count < rhs.count
    }

    /// Sorts rows by their cells.
    /// - Complexity: O(n log n) comparisons; each row's cells are computed once.
    static func sorted<Row>(_ rows: [Row], cells: (Row) -> [String]) -> [Row] {
        rows.map { (cells: cells($0), row: $0) }.sorted { less($0.cells, $1.cells) }.map(\.row)
    }

    /// Sorts `breaches.csv` rows by their cells without building them: the first cells are the
    /// row's own `dialog` and `channel` strings and its level; the two timestamps compare as their
    /// texts would (``ReportTimestamp/compareTexts(_:_:)``); only rows equal on all of those (two
    /// episodes of a dialog starting and crossing at the same instants) build their cells.
    /// - Complexity: O(n log n) comparisons, O(n) when `rows` is made of a few sorted runs
    ///   (the standard library's sort merges runs); memory O(n) for the merge buffer.
    static func sortBreaches(_ rows: inout [BreachRow]) {
        rows.sort(by: breachPrecedes)
    }

    /// The order of `breaches.csv` rows: that of their cells as code-point strings.
    static func breachPrecedes(_ lhs: BreachRow, _ rhs: BreachRow) -> Bool {
        if !same(lhs.dialog, rhs.dialog) { return less(lhs.dialog, rhs.dialog) }
        if !same(lhs.channel, rhs.channel) { return less(lhs.channel, rhs.channel) }
        if lhs.level != rhs.level { return less(lhs.level.rawValue, rhs.level.rawValue) }
        let started = ReportTimestamp.compareTexts(lhs.episodeStartedAt, rhs.episodeStartedAt)
        if started != 0 { return started < 0 }
        let crossed = ReportTimestamp.compareTexts(lhs.crossedAt, rhs.crossedAt)
        if crossed != 0 { return crossed < 0 }
        return less(lhs.cells, rhs.cells)
    }
}

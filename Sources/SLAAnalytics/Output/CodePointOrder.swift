/// String order by Unicode code points (not Swift's canonical-equivalence order), as the
/// report files are sorted.
///
/// UTF-8 preserves code-point order byte for byte, so strings are compared as their UTF-8 bytes:
/// the same order as comparing scalar values, without decoding them.
enum CodePointOrder {
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// True when the two strings hold the same code points (Swift's `==` also equates
    /// canonically equivalent strings, which this order tells apart).
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
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

    /// Sorts `breaches.csv` rows by their cells without building the cells of every row: the
    /// first two cells are the row's own `dialog` and `channel` strings, so rows are compared on
    /// those, and cells are built only to order the rows of one dialog among themselves.
    /// - Complexity: O(n log n) string comparisons; memory O(1) beyond the rows.
    static func sortBreaches(_ rows: inout [BreachRow]) {
        rows.sort { lhs, rhs in
            if !same(lhs.dialog, rhs.dialog) { return less(lhs.dialog, rhs.dialog) }
            if !same(lhs.channel, rhs.channel) { return less(lhs.channel, rhs.channel) }
            return less(lhs.cells, rhs.cells)
        }
    }
}

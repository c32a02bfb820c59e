/// String order by Unicode code points (not Swift's canonical-equivalence order), as the
/// report files are sorted.
enum CodePointOrder {
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.unicodeScalars.makeIterator()
        var right = rhs.unicodeScalars.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let l?, let r?):
                if l.value != r.value { return l.value < r.value }
            }
        }
    }

    /// Row order: first column, then the next.
    static func less(_ lhs: [String], _ rhs: [String]) -> Bool {
        for (l, r) in zip(lhs, rhs) where l != r {
            if l.unicodeScalars.elementsEqual(r.unicodeScalars) { continue }
            return less(l, r)
        }
        return lhs.count < rhs.count
    }

    /// Sorts rows by their cells.
    /// - Complexity: O(n log n) comparisons; each row's cells are computed once.
    static func sorted<Row>(_ rows: [Row], cells: (Row) -> [String]) -> [Row] {
        rows.map { (cells: cells($0), row: $0) }.sorted { less($0.cells, $1.cells) }.map(\.row)
    }
}

import PostgresClient

/// The heap size in blocks of each table the history's dialog facts are read from, read once by
/// the report's coordinating connection: each worker then reads its own block range of every
/// table (`dialog_facts.sql`), so the workers share the reading without each scanning it all.
///
/// ```swift
/// let blocks = try TableBlocks.read(on: connection)
/// try extraction.setAsOf(asOf, worker: 1, of: 2, blocks: blocks)   // the second half of each table
/// ```
public struct TableBlocks: Sendable, Hashable {
    /// The tables, in the order of `table_blocks.sql`'s columns; each names its settings
    /// `chatsla.<table>_from` and `chatsla.<table>_to`.
    public static let tables = ["dialog_fact_logs"]
    /// One past the highest block number a tid can hold: the end of every table.
    public static let endOfTable: Int64 = 4_294_967_295

    private let counts: [Int64]?

    /// No sizes read: enough for a single worker, which reads every table whole.
    public static let unknown = TableBlocks(counts: nil)

    init(counts: [Int64]?) {
        self.counts = counts
    }

    /// The sizes as of now (`queries/extraction/table_blocks.sql`).
    public static func read(on connection: PostgresConnection) throws -> TableBlocks {
        let result = try connection.query(PostgresQuery(sql: try QueryFiles.text("extraction/table_blocks.sql")))
        return TableBlocks(counts: try tables.indices.map { try result.decode(Int64.self, row: 0, column: $0) })
    }

    /// The block range `[from, to)` of each table that worker `worker` of `workers` reads. The
    /// ranges of all workers are contiguous, disjoint, and reach from block 0 to the end of
    /// every table, whatever the sizes.
    /// - Throws: `StoreError.invariantBroken` for several workers and no sizes.
    public func share(_ worker: Int, of workers: Int) throws -> [(table: String, blocks: Range<Int64>)] {
        precondition(workers > 0 && (0..<workers).contains(worker), "worker \(worker) of \(workers)")
        if workers == 1 { return Self.tables.map { ($0, 0..<Self.endOfTable) } }
        guard let counts else {
            throw StoreError.invariantBroken("several report workers read the history without the tables' sizes")
        }
        return zip(Self.tables, counts).map { table, count in
            let from = count * Int64(worker) / Int64(workers)
            let to = worker == workers - 1 ? Self.endOfTable : count * Int64(worker + 1) / Int64(workers)
            return (table, from..<to)
        }
    }
}

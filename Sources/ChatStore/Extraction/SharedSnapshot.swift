import PostgresClient

/// The snapshot every connection of one report reads (see `queries/extraction/snapshot.sql`).
public struct SharedSnapshot: Sendable {
    /// What `pg_export_snapshot()` returned: hex digits and dashes (`00000003-0000001B-1`).
    public let id: String

    /// Opens a repeatable-read, read-only transaction on `connection` and exports its snapshot.
    /// The transaction must stay open until every worker has imported it.
    public static func export(on connection: PostgresConnection) throws -> SharedSnapshot {
        let queries = try NamedQueries("extraction/snapshot.sql")
        try connection.query(PostgresQuery(sql: try queries("begin")))
        let rows = try connection.query(PostgresQuery(sql: try queries("export")))
        guard let id = try rows.decodeOptional(String.self, row: 0, column: 0),
            !id.isEmpty, id.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || isHexDigit($0) })
        else { throw StoreError.invariantBroken("pg_export_snapshot() returned no usable snapshot id") }
        return SharedSnapshot(id: id)
    }

    /// Opens a repeatable-read, read-only transaction on `connection` that sees this snapshot.
    public func `import`(on connection: PostgresConnection) throws {
        let queries = try NamedQueries("extraction/snapshot.sql")
        try connection.query(PostgresQuery(sql: try queries("begin")))
        // The id was checked when exported: hex digits and dashes only, so quoting is safe.
        let template = try queries("import")
        try connection.query(PostgresQuery(sql: template.replacingOccurrences(of: "00000000-00000000-0", with: id)))
    }

    /// Ends the transaction (read-only: nothing to keep).
    public static func end(on connection: PostgresConnection) throws {
        try connection.query(PostgresQuery(sql: try NamedQueries("extraction/snapshot.sql")("end")))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

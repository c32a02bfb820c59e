import ChatStore
import Foundation
import PostgresClient

/// The database side of `chatsla bench serve`: a fresh, migrated schema for each measured run.
///
/// ```swift
/// let schema = ServeBenchmarkSchema(url: url)
/// try schema.create()                       // drops an old one, migrates a new one
/// let server = … schema.url …               // the same database with that schema first on the search path
/// try schema.drop()
/// ```
public struct ServeBenchmarkSchema: Sendable {
    /// The database of the benchmark.
    public let baseURL: String
    public static let name = "chatsla_bench_serve"

    public init(url: String) {
        baseURL = url
    }

    /// `baseURL` with the schema first on the search path (URL or `key=value` form).
    public var url: String {
        if baseURL.hasPrefix("postgres://") || baseURL.hasPrefix("postgresql://") {
            return baseURL + (baseURL.contains("?") ? "&" : "?") + "options=-c%20search_path%3D\(Self.name)"
        }
        return baseURL + " options='-c search_path=\(Self.name)'"
    }

    /// Drops the schema if it exists and creates it anew with the current tables.
    public func create() throws {
        let connection = try PostgresConnection(url: baseURL)
        defer { connection.close() }
        try connection.execute(script: try NamedQueries("bench/serve.sql")("create_schema"))
        try Migrator().migrate(connection)
    }

    public func drop() throws {
        let connection = try PostgresConnection(url: baseURL)
        defer { connection.close() }
        try connection.execute(script: try NamedQueries("bench/serve.sql")("drop_schema"))
    }

    /// Events accepted, events refused by the rules, and rejected lines stored in the schema.
    public func outcomeCounts() throws -> (accepted: Int, refused: Int, rejectedLines: Int) {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let rows = try connection.query(PostgresQuery(sql: try NamedQueries("bench/serve.sql")("outcome_counts")))
        return (Int(rows[0, 0] ?? "") ?? 0, Int(rows[0, 1] ?? "") ?? 0, Int(rows[0, 2] ?? "") ?? 0)
    }

    /// The three most frequent rejection codes with their counts, as `code n, code n`.
    public func refusalCodes() throws -> String {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let rows = try connection.query(PostgresQuery(sql: try NamedQueries("bench/serve.sql")("refusal_codes")))
        return (0..<rows.count).map { "\(rows[$0, 0] ?? "") \(rows[$0, 1] ?? "")" }.joined(separator: ", ")
    }

    /// The ids of the schema's ledger in the order they were applied.
    public func appliedEventIDs() throws -> [String] {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let rows = try connection.query(PostgresQuery(sql: try NamedQueries("bench/serve.sql")("applied_events")))
        return (0..<rows.count).map { rows[$0, 0] ?? "" }
    }
}

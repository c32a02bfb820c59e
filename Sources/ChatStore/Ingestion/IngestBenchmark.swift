import Foundation
import PostgresClient

/// The database side of `chatsla bench ingest`: a throw-away schema and the raw COPY baseline.
///
/// ```swift
/// let bench = try IngestBenchmark(connection: connection)
/// try bench.createSchema()               // then migrate and ingest on the same connection
/// let (rows, seconds) = try bench.copyBaseline()
/// try bench.dropSchema()
/// ```
public struct IngestBenchmark {
    let connection: PostgresConnection
    let queries: NamedQueries

    public init(connection: PostgresConnection) throws {
        self.connection = connection
        queries = try NamedQueries("ingest/bench.sql")
    }

    /// Creates the schema `chatsla_bench_ingest` (dropping an old one) and puts it first on the search path.
    public func createSchema() throws { try connection.execute(script: try queries("create_schema")) }

    public func dropSchema() throws { try connection.execute(script: try queries("drop_schema")) }

    /// Reads the ingested `messages` rows, then times a plain COPY FROM of them into a table of the
    /// same shape (same checks and indexes, no foreign keys).
    ///
    /// - Returns: the rows copied and the seconds the COPY FROM took.
    public func copyBaseline() throws -> (rows: Int, seconds: Double) {
        var bytes: [UInt8] = []
        try connection.copyOut(try queries("export_messages")) { chunk in bytes.append(contentsOf: chunk) }
        try connection.execute(script: try queries("create_baseline"))
        let started = ContinuousClock.now
        let rows = try connection.copyIn(try queries("copy_baseline")) { writer in try writer.write(bytes) }
        let elapsed = ContinuousClock.now - started
        let (whole, attoseconds) = elapsed.components
        return (rows, Double(whole) + Double(attoseconds) / 1e18)
    }
}

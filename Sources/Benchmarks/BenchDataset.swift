import ChatStore
import Foundation
import Logging
import PostgresClient
import Synchronization

/// A generated dataset for `chatsla bench all`, loaded once into its own schema and reused.
///
/// Each dataset lives in the schema `chatsla_bench_m<messages>_s<seed>` (`…_d<days>` for a window
/// other than the generator's 30 days) and is recorded in
/// `public.chatsla_bench_datasets` only once it is fully loaded and analysed, so an interrupted
/// load is redone and a complete one is reused by later runs.
///
/// The rows are the ingester's own: the generator's JSON lines go through a pipe into
/// ``Ingester``, so shape and distribution are exactly those of `generate` + `ingest`.
///
/// ```swift
/// let dataset = BenchDataset(url: url, messages: 10_000_000, seed: 7)
/// let figures = try dataset.loadIfNeeded { write in try generator.forEachLine { try write($0) } }
/// let report = try ReportPipeline(url: dataset.url, workers: 2).run(parameters)
/// ```
public struct BenchDataset: Sendable {
    /// The server URL without a search path.
    public let serverURL: String
    /// Messages asked for (the generator's dialogs are sized from it; the loaded count is close).
    public let messages: Int
    public let seed: UInt64
    /// The generator's window in days.
    public let days: Int

    public init(url: String, messages: Int, seed: UInt64, days: Int = 30) {
        serverURL = url
        self.messages = messages
        self.seed = seed
        self.days = days
    }

    /// The dataset's schema.
    public var schema: String { "chatsla_bench_m\(messages)_s\(seed)" + (days == 30 ? "" : "_d\(days)") }

    /// The server URL with the dataset's schema first on the search path, for our client and psql.
    public var url: String { Benchmarks.url(serverURL, searchPath: schema) }

    /// What was loaded, and how long it took.
    public struct Figures: Sendable {
        public var dialogs: Int64
        public var messages: Int64
        public var events: Int64
        public var loadSeconds: Double
        /// False when an earlier run's dataset was reused.
        public var loadedNow: Bool
    }

    /// Loads the dataset unless a complete one of the same size and seed is recorded.
    ///
    /// - Parameters:
    ///   - logger: where the load's progress goes.
    ///   - generate: writes the dataset's event lines (no newline) through its argument. It runs
    ///     on its own thread, feeding the ingester through a pipe.
    /// - Returns: the dataset's figures.
    /// - Throws: `PostgresError`, `StoreError`, or what `generate` throws.
    /// - Complexity: O(events); memory is the ingester's bounded domain state.
    public func loadIfNeeded(
        logger: Logger,
        generate: @escaping @Sendable (_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void
    ) throws -> Figures {
        let queries = try NamedQueries("bench/dataset.sql")
        let admin = try PostgresConnection(url: serverURL)
        defer { admin.close() }
        try admin.execute(script: try queries("create_registry"))
        let recorded = try admin.query(PostgresQuery(sql: try queries("recorded"), binds: [schema.postgresBind]))
        if recorded.count == 1 {
            // A dataset loaded by an older chatsla gets the newer migrations (they keep its rows).
            let connection = try PostgresConnection(url: url)
            defer { connection.close() }
            try Migrator().migrate(connection)
            return Figures(
                dialogs: try recorded.decode(Int64.self, row: 0, column: 0),
                messages: try recorded.decode(Int64.self, row: 0, column: 1),
                events: try recorded.decode(Int64.self, row: 0, column: 2),
                loadSeconds: try recorded.decode(Double.self, row: 0, column: 3),
                loadedNow: false
            )
        }
        try admin.execute(script: try queries("recreate_schema", schema: schema))

        let started = ContinuousClock.now
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try Migrator().migrate(connection)
        let summary = try ingestThroughPipe(connection, logger: logger, generate: generate)
        try connection.execute(script: try queries("analyze"))
        let counts = try connection.query(PostgresQuery(sql: try queries("counts")))
        let (whole, attoseconds) = (ContinuousClock.now - started).components
        let figures = Figures(
            dialogs: try counts.decode(Int64.self, row: 0, column: 0),
            messages: try counts.decode(Int64.self, row: 0, column: 1),
            events: Int64(summary.lines),
            loadSeconds: Double(whole) + Double(attoseconds) / 1e18,
            loadedNow: true
        )
        try admin.query(
            PostgresQuery(
                sql: try queries("record"),
                binds: [
                    schema.postgresBind, messages.postgresBind, Int64(bitPattern: seed).postgresBind,
                    figures.dialogs.postgresBind, figures.messages.postgresBind, figures.events.postgresBind,
                    figures.loadSeconds.postgresBind,
                ]
            )
        )
        return figures
    }

    /// Runs the generator on a thread that writes into a pipe, and the ingester on this one.
    private func ingestThroughPipe(
        _ connection: PostgresConnection,
        logger: Logger,
        generate: @escaping @Sendable (_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void
    ) throws -> IngestSummary {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw BenchmarkError("cannot create a pipe for the dataset load") }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }
        let failure = GeneratorFailure()
        let thread = Thread {
            defer { close(writeEnd) }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20 + 4096)
            func flush() throws {
                try buffer.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress else { return }
                    var offset = 0
                    while offset < bytes.count {
                        let written = write(writeEnd, base + offset, bytes.count - offset)
                        guard written > 0 else { throw BenchmarkError("the dataset pipe closed early") }
                        offset += written
                    }
                }
                buffer.removeAll(keepingCapacity: true)
            }
            do {
                try generate { line in
                    buffer.append(contentsOf: line)
                    buffer.append(10)
                    if buffer.count >= 1 << 20 { try flush() }
                }
                try flush()
            } catch {
                failure.set(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        let ingester = try Ingester(connection: connection, logger: logger)
        var lastLog = ContinuousClock.now
        let summary = try ingester.ingest(
            source: "bench-dataset",
            descriptor: readEnd,
            progress: { totals in
                if ContinuousClock.now - lastLog > .seconds(15) {
                    lastLog = ContinuousClock.now
                    logger.notice("dataset load", metadata: ["events": "\(totals.lines)"])
                }
            }
        )
        if let error = failure.error { throw error }
        if summary.rejected > 0 {
            logger.warning("generated events rejected", metadata: ["by_code": "\(summary.rejectedByCode)"])
        }
        return summary
    }
}

/// The generator thread's error, read after the ingester has drained the pipe.
private final class GeneratorFailure: Sendable {
    private let stored = Mutex<(any Error)?>(nil)

    func set(_ error: any Error) {
        stored.withLock { $0 = error }
    }

    var error: (any Error)? {
        stored.withLock { $0 }
    }
}

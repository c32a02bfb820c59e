import ChatStore
import EventGenerator
import Foundation
import Logging
import PostgresClient

/// `chatsla bench ingest`: events/s of the whole ingestion against a raw COPY FROM of the
/// messages it stored (``measure(url:events:batchSize:seed:runs:showTimings:)``), on a throw-away
/// schema (`queries/bench/ingest.sql`).
///
/// ```swift
/// let figures = try IngestBenchmark.measure(url: url, events: 1_000_000, batchSize: 20_000, seed: 7, runs: 1,
///                                           showTimings: false)
/// // or step by step, on one connection:
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
        queries = try NamedQueries("bench/ingest.sql")
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

extension IngestBenchmark {
    /// The medians of `runs` ingests of the same generated events into a fresh schema, and of the
    /// raw COPY FROM of the messages each produced.
    public struct Figures: Sendable {
        public var events: Int
        public var ingestSeconds: Double
        public var copyRows: Int
        public var copySeconds: Double
        public var summary: IngestSummary
        public var eventsPerSecond: Double { Double(events) / ingestSeconds }
    }

    /// Ingests the first `events` lines of a generated stream `runs` times, each into a fresh
    /// schema, and times a raw COPY FROM of the messages each run stored.
    ///
    /// - Parameters:
    ///   - url: the database; the runs use the schema `chatsla_bench_ingest`, dropped after each.
    ///   - events: how many lines of the generated stream.
    ///   - batchSize: lines per transaction.
    ///   - seed: the generator's seed.
    ///   - runs: ingests to take the median of (at least one).
    ///   - showTimings: writes the ingester's statement timings to standard error.
    /// - Returns: the medians.
    /// - Throws: `PostgresError`, `StoreError`, ``BenchmarkError``.
    public static func measure(
        url: String,
        events: Int,
        batchSize: Int,
        seed: UInt64,
        runs: Int,
        showTimings: Bool
    ) throws -> Figures {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chatsla-bench-\(getpid()).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = try writeEvents(events, seed: seed, to: path)
        var ingestSamples: [Double] = []
        var copySamples: [Double] = []
        var copyRows = 0
        var summary = IngestSummary()
        for _ in 0..<max(1, runs) {
            let connection = try PostgresConnection(url: url)
            defer { connection.close() }
            let bench = try IngestBenchmark(connection: connection)
            try bench.createSchema()
            try Migrator().migrate(connection)
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw fail("cannot open \(path)") }
            defer { close(descriptor) }

            let started = ContinuousClock.now
            var logger = Logger(label: "chatsla.bench")
            logger.logLevel = .warning
            let ingester = try Ingester(connection: connection, logger: logger, batchSize: batchSize)
            summary = try ingester.ingest(source: path, descriptor: descriptor)
            ingestSamples.append((ContinuousClock.now - started).seconds)
            if showTimings {
                for (name, duration) in ingester.timings.sorted(by: { $0.value > $1.value }) {
                    FileHandle.standardError.write(Data("  \(name): \(format(duration.seconds)) s\n".utf8))
                }
            }
            let baseline = try bench.copyBaseline()
            try bench.dropSchema()
            copySamples.append(baseline.seconds)
            copyRows = baseline.rows
            if summary.rejected > 0 {
                FileHandle.standardError.write(Data("warning: \(summary.rejectedByCode) rejected\n".utf8))
            }
        }
        return Figures(
            events: lines,
            ingestSeconds: medianOf(ingestSamples),
            copyRows: copyRows,
            copySeconds: medianOf(copySamples),
            summary: summary
        )
    }

    /// Writes the first `events` lines of a generated stream; returns how many were written.
    private static func writeEvents(_ events: Int, seed: UInt64, to path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw fail("cannot write \(path)") }
        defer { try? handle.close() }
        // About 20 events a dialog in the generator's mix; ask for more and stop at `events`.
        let generator = EventGenerator(configuration: GeneratorConfiguration(dialogs: events / 15 + 10, seed: seed))
        var buffer: [UInt8] = []
        var written = 0
        struct Enough: Error {}
        do {
            try generator.forEachLine { line in
                guard written < events else { throw Enough() }
                buffer.append(contentsOf: line)
                buffer.append(10)
                written += 1
                if buffer.count > 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        } catch is Enough {}
        try handle.write(contentsOf: buffer)
        return written
    }
}

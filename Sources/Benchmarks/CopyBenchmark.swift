import ChatStore
import ChildProcesses
import Foundation
import PostgresClient

/// `chatsla bench copy`: our client's COPY TO against psql's on the same table, both formats
/// (`queries/bench/copy.sql`).
///
/// ```swift
/// let figures = try CopyBenchmark(url: url, rows: 1_000_000, runs: 3).run(note: { print($0) })
/// print(figures.binaryRatio)   // client binary / psql binary
/// ```
public struct CopyBenchmark: Sendable {
    public var url: String
    /// Rows in the benchmark table.
    public var rows: Int
    /// Timed runs of each reader; the median is reported.
    public var runs: Int

    public init(url: String, rows: Int, runs: Int) {
        self.url = url
        self.rows = rows
        self.runs = runs
    }

    /// The fill's seconds and each reader's median seconds, in the order psql binary, client
    /// binary (decoded), psql text, client text (decoded).
    public struct Figures: Sendable {
        public var loadSeconds: Double
        public var readers: [(name: String, seconds: Double)]

        public var psqlBinarySeconds: Double { readers[0].seconds }
        public var clientBinarySeconds: Double { readers[1].seconds }
        public var psqlTextSeconds: Double { readers[2].seconds }
        public var clientTextSeconds: Double { readers[3].seconds }
        public var binaryRatio: Double { clientBinarySeconds / psqlBinarySeconds }
        public var textRatio: Double { clientTextSeconds / psqlTextSeconds }
    }

    /// Fills the table, times the four readers, and drops the table.
    /// - Parameter note: receives the fill's line once the table is loaded.
    /// - Returns: the fill's seconds and the four readers' medians.
    /// - Throws: `PostgresError`, `StoreError`, ``BenchmarkError`` (psql failed, or the client read
    ///   another number of rows).
    public func run(note: (String) -> Void) throws -> Figures {
        let queries = try NamedQueries("bench/copy.sql")
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let loadSeconds = try fill(connection, queries: queries)
        note("loaded \(rows) rows through the client's binary COPY FROM in \(format(loadSeconds)) s")

        let binarySQL = try queries("read_binary")
        let textSQL = try queries("read_text")
        let readers = [
            ("psql binary", try medianSeconds(runs: runs) { try psqlCopy(sql: binarySQL) }),
            ("client binary (decoded)", try medianSeconds(runs: runs) { try clientBinary(connection, sql: binarySQL) }),
            ("psql text", try medianSeconds(runs: runs) { try psqlCopy(sql: textSQL) }),
            ("client text (decoded)", try medianSeconds(runs: runs) { try clientText(connection, sql: textSQL) }),
        ]
        try connection.execute(script: try queries("drop_table"))
        return Figures(loadSeconds: loadSeconds, readers: readers)
    }

    /// A table shaped like the report's message extraction: keys, an instant, a kind, a short text.
    private func fill(_ connection: PostgresConnection, queries: NamedQueries) throws -> Double {
        try connection.execute(script: try queries("create_table"))
        let kinds = ["customer", "user", "bot", "system"]
        let texts = [
            "Hello, where is my order?", "Thanks!", "Your parcel left the warehouse today and should arrive tomorrow.",
            "ok", "Could you send the invoice again, please?",
        ]
        let start = ContinuousClock.now
        try connection.copyIn(try queries("fill")) { writer in
            try writer.withBuffer { BinaryCopyFormat.appendHeader(to: &$0) }
            let base: Int64 = 1_767_225_600_000_000  // 2026-01-01
            for index in 0..<rows {
                try writer.withBuffer { bytes in
                    BinaryCopyFormat.beginRow(fieldCount: 6, in: &bytes)
                    BinaryCopyFormat.append(Int64(index), to: &bytes)
                    BinaryCopyFormat.append(Int64(index / 10), to: &bytes)
                    BinaryCopyFormat.appendTimestamp(micros: base + Int64(index) * 1_234_567, to: &bytes)
                    BinaryCopyFormat.append(kinds[index % 4], to: &bytes)
                    if index % 4 == 1 {
                        BinaryCopyFormat.append(Int32(index % 200), to: &bytes)
                    } else {
                        BinaryCopyFormat.appendNull(to: &bytes)
                    }
                    BinaryCopyFormat.append(texts[index % texts.count], to: &bytes)
                }
            }
            try writer.withBuffer { BinaryCopyFormat.appendTrailer(to: &$0) }
        }
        let seconds = (ContinuousClock.now - start).seconds
        try connection.execute(script: try queries("analyze"))
        return seconds
    }

    private func clientBinary(_ connection: PostgresConnection, sql: String) throws {
        var checksum: Int64 = 0
        let count = try connection.copyOutBinary(sql) { row in
            checksum &+= try row.readInt64()
            checksum &+= try row.readInt64()
            checksum &+= try row.readTimestamp()
            checksum &+= Int64(try row.readString().utf8.count)
            checksum &+= Int64(try row.readOptionalInt32() ?? 0)
            checksum &+= Int64(try row.readString().utf8.count)
        }
        try check(count: count, checksum: checksum)
    }

    private func clientText(_ connection: PostgresConnection, sql: String) throws {
        var checksum: Int64 = 0
        let count = try connection.copyOutText(sql) { row in
            checksum &+= try row.readInt64()
            checksum &+= try row.readInt64()
            checksum &+= Int64(try row.readString().utf8.count)  // timestamp text
            checksum &+= Int64(try row.readString().utf8.count)
            checksum &+= try row.readOptionalInt64() ?? 0
            checksum &+= Int64(try row.readString().utf8.count)
        }
        try check(count: count, checksum: checksum)
    }

    private func check(count: Int, checksum: Int64) throws {
        guard count == rows, checksum != 0 else {
            throw fail("the client read \(count) rows of \(rows)")
        }
    }

    private func psqlCopy(sql: String) throws {
        let process = try ChildProcess.start(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
            output: .discard
        )
        guard try process.wait().status == 0 else { throw fail("psql failed for: \(sql)") }
    }
}

import ArgumentParser
import Benchmarks
import Foundation
import PostgresClient

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print figures and ratios against baselines measured in the same run.",
        discussion: "Build with -c release for meaningful figures: swift run -c release chatsla bench copy",
        subcommands: [BenchCopy.self, Ingest.self, Serve.self, All.self]
    )
}

/// Our client's COPY TO against psql's on the same table, both formats.
struct BenchCopy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "COPY TO throughput of chatsla's client against psql on the same table (rows/s and ratio)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Rows in the benchmark table.")
    var rows: Int = 1_000_000

    @Option(help: "Timed runs of each reader; the median is reported.")
    var runs: Int = 3

    func validate() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
        guard runs > 0 else { throw ValidationError("--runs must be positive") }
    }

    func run() throws {
        do {
            let url = try database.resolveURL()
            let connection = try PostgresConnection(url: url)
            defer { connection.close() }
            let table = "chatsla_bench_copy"
            let loadSeconds = try fill(connection, table: table)
            report("loaded \(rows) rows through the client's binary COPY FROM in \(format(loadSeconds)) s")

            let binarySQL = "COPY \(table) TO STDOUT (FORMAT binary)"
            let textSQL = "COPY \(table) TO STDOUT"
            var results: [(String, Double)] = []
            for (name, seconds) in [
                ("psql binary", try median { try psqlCopy(url: url, sql: binarySQL) }),
                ("client binary (decoded)", try median { try clientBinary(connection, sql: binarySQL) }),
                ("psql text", try median { try psqlCopy(url: url, sql: textSQL) }),
                ("client text (decoded)", try median { try clientText(connection, sql: textSQL) }),
            ] {
                results.append((name, seconds))
            }
            print("reader                      seconds      rows/s")
            for (name, seconds) in results {
                print(
                    name.padding(toLength: 26, withPad: " ", startingAt: 0) + "  "
                        + format(seconds).leftPadded(8) + "  " + String(Int(Double(rows) / seconds)).leftPadded(10)
                )
            }
            let binaryRatio = results[1].1 / results[0].1
            let textRatio = results[3].1 / results[2].1
            print(
                "bench: rows=\(rows) client_binary_s=\(format(results[1].1)) psql_binary_s=\(format(results[0].1)) "
                    + "binary_client/psql=\(format(binaryRatio)) client_text_s=\(format(results[3].1)) "
                    + "psql_text_s=\(format(results[2].1)) text_client/psql=\(format(textRatio))"
            )
            try connection.query(PostgresQuery(sql: "DROP TABLE \(table)"))
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    /// A table shaped like the report's message extraction: keys, an instant, a kind, a short text.
    private func fill(_ connection: PostgresConnection, table: String) throws -> Double {
        try connection.query(PostgresQuery(sql: "DROP TABLE IF EXISTS \(table)"))
        try connection.query(
            PostgresQuery(
                sql: """
                    CREATE TABLE \(table) (id bigint, dialog_key bigint, created_at timestamptz,
                        sender_kind text, user_key integer, body text)
                    """
            )
        )
        let kinds = ["customer", "user", "bot", "system"]
        let texts = [
            "Hello, where is my order?", "Thanks!", "Your parcel left the warehouse today and should arrive tomorrow.",
            "ok", "Could you send the invoice again, please?",
        ]
        let start = ContinuousClock.now
        try connection.copyIn("COPY \(table) FROM STDIN (FORMAT binary)") { writer in
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
        try connection.query(PostgresQuery(sql: "VACUUM ANALYZE \(table)"))
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

    private func psqlCopy(url: String, sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw fail("psql failed for: \(sql)") }
    }

    private func median(_ body: () throws -> Void) throws -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try body()
            samples.append((ContinuousClock.now - start).seconds)
        }
        samples.sort()
        return samples.count % 2 == 1
            ? samples[samples.count / 2] : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
    }

    private func report(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

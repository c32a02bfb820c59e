import ArgumentParser
import Benchmarks
import Foundation

extension Bench {
    /// `chatsla bench copy`: our client's COPY TO against psql's on the same table, both formats
    /// (``CopyBenchmark``).
    struct Copy: ParsableCommand {
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
            let figures: CopyBenchmark.Figures
            do {
                figures = try CopyBenchmark(url: try database.resolveURL(), rows: rows, runs: runs).run(
                    note: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
                )
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail("\(error)")
            }
            print("reader                      seconds      rows/s")
            for (name, seconds) in figures.readers {
                print(
                    name.padding(toLength: 26, withPad: " ", startingAt: 0) + "  "
                        + format(seconds).leftPadded(8) + "  " + String(Int(Double(rows) / seconds)).leftPadded(10)
                )
            }
            print(
                "bench: rows=\(rows) client_binary_s=\(format(figures.clientBinarySeconds)) "
                    + "psql_binary_s=\(format(figures.psqlBinarySeconds)) binary_client/psql=\(format(figures.binaryRatio)) "
                    + "client_text_s=\(format(figures.clientTextSeconds)) psql_text_s=\(format(figures.psqlTextSeconds)) "
                    + "text_client/psql=\(format(figures.textRatio))"
            )
        }
    }
}

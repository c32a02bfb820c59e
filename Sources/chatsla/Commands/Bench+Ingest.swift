import ArgumentParser
import Benchmarks
import ChatStore
import Foundation

extension Bench {
    /// `chatsla bench ingest`: events/s of the whole ingestion against a raw COPY of its messages.
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract:
                "Ingest N generated events into a fresh schema; compare with a raw COPY FROM of the same messages.",
            discussion: """
                Build with -c release. Uses a throw-away schema chatsla_bench_ingest, dropped at the end.

                With --dialogs (repeatable): for each size, a generated month of that many dialogs, \
                ingested by child processes of --chatsla (default: this binary) into the schema \
                chatsla_bench_month_d<N>: the first 29 days (bulk load events/s and peak RSS), VACUUM \
                (ANALYZE) of the schema's tables (untimed), the last day (events/s, and its ratio to the \
                bulk load), then one event (seconds and peak RSS); \
                then the database bytes per stored message. The bulk load's and the last day's CPU per \
                event: the ingest's, and the server's when its processes run on this machine (else -). \
                The generated files stay in --work.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Events to ingest (a prefix of a generated stream).")
        var events: Int = 1_000_000

        @Option(help: "Lines per transaction.")
        var batchSize: Int = Ingester.defaultBatchSize

        @Option(help: "Generator seed.")
        var seed: UInt64 = 7

        @Option(name: .customLong("dialogs"), help: "Dialogs of a generated month to measure (repeatable).")
        var monthDialogs: [Int] = []

        @Option(help: "With --dialogs: the chatsla binary the children run (another build to compare).")
        var chatsla: String?

        @Option(help: "With --dialogs: where the generated months are kept and reused.")
        var work: String = "/var/tmp/chatsla-bench-ingest"

        @Flag(help: "With --dialogs: keep the schemas after the run.")
        var keep = false

        func validate() throws {
            guard events > 0 else { throw ValidationError("--events must be positive") }
            guard monthDialogs.allSatisfy({ $0 > 0 }) else { throw ValidationError("--dialogs must be positive") }
        }

        func run() throws {
            if !monthDialogs.isEmpty { return try runMonths() }
            // The ingest runs in this process: with `chatsla ingest`'s allocator setting.
            AllocatorTuning.returnBatchBuffersWhenFreed()
            do {
                let figures = try IngestBenchmark.measure(
                    url: try database.resolveURL(),
                    events: events,
                    batchSize: batchSize,
                    seed: seed,
                    runs: 1,
                    showTimings: true
                )
                print(
                    "ingest: \(figures.events) events in \(format(figures.ingestSeconds)) s = "
                        + "\(Int(figures.eventsPerSecond)) events/s (\(figures.summary))"
                )
                print(
                    "baseline: raw COPY FROM of the same \(figures.copyRows) messages rows in "
                        + "\(format(figures.copySeconds)) s = \(Int(Double(figures.copyRows) / figures.copySeconds)) rows/s"
                )
                print(
                    "bench: events=\(figures.events) ingest_s=\(format(figures.ingestSeconds)) "
                        + "events_per_s=\(Int(figures.eventsPerSecond)) "
                        + "copy_rows=\(figures.copyRows) copy_s=\(format(figures.copySeconds)) "
                        + "ingest/copy_time=\(format(figures.ingestSeconds / figures.copySeconds))"
                )
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail("\(error)")
            }
        }

        private func runMonths() throws {
            do {
                let binary =
                    chatsla ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                    ?? CommandLine.arguments[0]
                guard FileManager.default.isExecutableFile(atPath: binary) else {
                    throw fail("--chatsla \(binary) is not an executable; give the path of a chatsla binary")
                }
                let bench = IngestMonthBenchmark(
                    url: try database.resolveURL(),
                    binary: binary,
                    workDirectory: work,
                    seed: seed,
                    batchSize: batchSize,
                    keep: keep
                )
                for dialogs in monthDialogs {
                    let figures = try bench.run(dialogs: dialogs)
                    print(figures.line)
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail("\(error)")
            }
        }
    }
}

import ArgumentParser
import Benchmarks
import ChatStore
import ChildProcesses
import Foundation
import ReportRuns

extension Bench {
    /// `chatsla bench all`: the report against the physical limit (a raw COPY of its input columns),
    /// against the single SQL statement a team would write instead (`queries/peer/`), against our own
    /// SQL reference, and the nightly one-day report against the whole window, plus ingestion against
    /// a raw COPY FROM, on one generated dataset (``ReportBenchmark``).
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "all",
            abstract:
                "Report vs raw COPY of its inputs vs a one-statement SQL peer vs the SQL reference, one day vs the "
                + "window, and ingest vs COPY FROM, on N messages.",
            discussion: """
                Build with -c release. The dataset (generate + ingest through a pipe) is loaded once into the schema \
                chatsla_bench_m<N>_s<seed> (_d<days> unless 30 days) and recorded in public.chatsla_bench_datasets; \
                later runs reuse it. Every figure is the median of --runs runs; ratios compare figures measured in \
                the same run. The SQL reference runs first; then, run by run, the raw COPY (copy_s), the SQL peer \
                (peer_s), the report of the whole window (report_s) and of its last day (day_s) alternate. \
                The last line is `bench: key=value …`; its report_cpu_s and day_cpu_s are the CPU seconds \
                of the report process and of the server while it ran (the server's when its processes run on \
                this machine, else -).
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Messages in the dataset (about 7 a dialog, so 10M messages is about 1.4M dialogs).")
        var messages: Int = 10_000_000

        @Option(help: "Timed runs of each measurement; the median is reported.")
        var runs: Int = 3

        @Option(help: "Generator seed of the dataset.")
        var seed: UInt64 = 7

        @Option(help: "Days in the generated window (the dataset's history; the day report is its last day).")
        var days: Int = 30

        @Option(help: "Report workers (database connections streaming dialogs).")
        var workers: Int = 2

        @Option(help: "Events of the ingest measurement (0 skips it).")
        var ingestEvents: Int = 1_000_000

        /// Internal: run one report into this folder in-process and print its peak RSS (the child of
        /// measurement (c); a fresh process, so its high-water mark is the report's alone).
        @Option(name: .customLong("report-child"), help: .hidden)
        var reportChild: String?

        /// Internal: the child reports the window's last day only (`day_s`).
        @Flag(name: .customLong("report-child-day"), help: .hidden)
        var reportChildDay = false

        func validate() throws {
            guard messages > 0 else { throw ValidationError("--messages must be positive") }
            guard runs > 0 else { throw ValidationError("--runs must be positive") }
            guard (1...3_660).contains(days) else { throw ValidationError("--days must be between 1 and 3660") }
            guard (1...16).contains(workers) else { throw ValidationError("--workers must be between 1 and 16") }
            guard ingestEvents >= 0 else { throw ValidationError("--ingest-events must not be negative") }
        }

        func run() throws {
            do {
                let bench = ReportBenchmark(
                    url: try database.resolveURL(),
                    messages: messages,
                    runs: runs,
                    seed: seed,
                    days: days,
                    workers: workers,
                    ingestEvents: ingestEvents
                )
                if let reportChild {
                    try runReportChild(bench, into: reportChild)
                    return
                }
                let figures = try bench.measure(
                    note: { FileHandle.standardError.write(Data(("bench all: " + $0 + "\n").utf8)) },
                    report: { folder, day in try report(out: folder, day: day) }
                )
                printFigures(figures)
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail("\(error)")
            }
        }

        private func printFigures(_ figures: ReportBenchmark.Figures) {
            print("measurement                         median_s  note")
            for row in figures.rows {
                print(
                    row.name.padding(toLength: 34, withPad: " ", startingAt: 0) + format(row.seconds).leftPadded(10)
                        + "  " + row.note
                )
            }
            print(
                "samples: copy=\(figures.copySamples.map(format)) peer=\(figures.peerSamples.map(format)) "
                    + "report=\(figures.reportSamples.map(format)) day=\(figures.daySamples.map(format))"
            )
            let ingestFields =
                figures.ingest.map {
                    "ingest_eps=\(Int($0.eventsPerSecond)) ingest/copyfrom=\(format($0.ingestSeconds / $0.copySeconds))"
                } ?? "ingest_eps=- ingest/copyfrom=-"
            let (copySeconds, peerSeconds) = (figures.copySeconds, figures.peerSeconds)
            let (reportSeconds, daySeconds, sqlSeconds) = (
                figures.reportSeconds, figures.daySeconds, figures.sqlSeconds
            )
            print(
                "bench: dialogs=\(figures.loaded.dialogs) messages=\(figures.loaded.messages) days=\(days) "
                    + "copy_s=\(format(copySeconds)) peer_s=\(format(peerSeconds)) report_s=\(format(reportSeconds)) "
                    + "day_s=\(format(daySeconds)) sqlref_s=\(format(sqlSeconds)) "
                    + "report/copy=\(format(reportSeconds / copySeconds)) peer/report=\(format(peerSeconds / reportSeconds)) "
                    + "day/report=\(format(daySeconds / reportSeconds)) sqlref/report=\(format(sqlSeconds / reportSeconds)) "
                    + "peak_rss_mb=\(figures.reportRSS) day_peak_rss_mb=\(figures.dayRSS) \(ingestFields) "
                    + "report_cpu_s=client:\(figures.reportCPU.client),server:\(figures.reportCPU.server) "
                    + "day_cpu_s=client:\(figures.dayCPU.client),server:\(figures.dayCPU.server)"
            )
        }

        /// The report end to end (extraction, engine, five CSV files and index.html) in a fresh
        /// process, which prints its peak RSS.
        ///
        /// A fresh process because getrusage's `ru_maxrss` of a child started by posix_spawn (and of
        /// this process after loading a dataset) includes this process's own high-water mark; the
        /// child reads `VmHWM` of its own address space instead.
        /// - Returns: the child's peak RSS in kB and its CPU seconds.
        private func report(out: String, day: Bool) throws -> ReportBenchmark.ChildRun {
            let binary = Bundle.main.executableURL?.path ?? "/proc/self/exe"
            let finished = try ChildProcess.run(
                [
                    binary, "bench", "all", "--database-url", try database.resolveURL(), "--messages", String(messages),
                    "--seed", String(seed), "--days", String(days), "--workers", String(workers), "--report-child", out,
                ] + (day ? ["--report-child-day"] : []),
                error: .inherit
            )
            let printed = finished.standardOutput
            guard finished.status == 0,
                let kilobytes = printed.split(separator: "=").last.flatMap({
                    Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
                })
            else { throw fail("the report run failed") }
            return ReportBenchmark.ChildRun(peakKilobytes: kilobytes, cpuSeconds: finished.exit.cpuSeconds)
        }

        private func runReportChild(_ bench: ReportBenchmark, into folder: String) throws {
            AllocatorTuning.returnLargeBlocksWhenFreed()  // as `chatsla report` does
            let parameters = try bench.reportParameters(lastDay: reportChildDay)
            let result = try ReportPipeline(url: bench.dataset.url, workers: workers).run(parameters)
            try? FileManager.default.removeItem(atPath: folder)
            try result.write(to: folder)
            print("report_peak_rss_kb=\(PeakMemory.ownResidentKilobytes())")
        }
    }
}

import ArgumentParser
import ChatStore
import EventGenerator
import Foundation
import Logging
import PostgresClient
import SLAAnalytics

/// `chatsla bench all`: the report against the physical limit (a raw COPY of its input columns),
/// against the single SQL statement a team would write instead (`queries/peer/`), against our own
/// SQL reference, and the nightly one-day report against the whole window, plus ingestion against
/// a raw COPY FROM, on one generated dataset.
struct BenchAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract:
            "Report vs raw COPY of its inputs vs a one-statement SQL peer vs the SQL reference, one day vs the "
            + "window, and ingest vs COPY FROM, on N messages.",
        discussion: """
            Build with -c release. The dataset (generate + ingest through a pipe) is loaded once into the schema \
            chatsla_bench_m<N>_s<seed> (_d<days> unless 30 days) and recorded in public.chatsla_bench_datasets; \
            later runs reuse it. Every figure is the median of --runs runs; ratios compare figures measured in the \
            same run. The SQL reference runs first; then, run by run, the raw COPY (copy_s), the SQL peer \
            (peer_s), the report of the whole window (report_s) and of its last day (day_s) alternate. \
            The last line is `bench: key=value …`.
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

    /// Messages per generated dialog, measured on the generator's mix (system messages included).
    static let messagesPerDialog = 7.0

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive") }
        guard runs > 0 else { throw ValidationError("--runs must be positive") }
        guard (1...3_660).contains(days) else { throw ValidationError("--days must be between 1 and 3660") }
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be between 1 and 16") }
        guard ingestEvents >= 0 else { throw ValidationError("--ingest-events must not be negative") }
    }

    func run() throws {
        do {
            if let reportChild {
                try runReportChild(into: reportChild)
                return
            }
            try measureAll()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    private func measureAll() throws {
        let serverURL = try database.resolveURL()
        var logger = Logger(label: "chatsla.bench")
        logger.logLevel = .notice
        let dataset = BenchDataset(url: serverURL, messages: messages, seed: seed, days: days)
        let generatorConfiguration = GeneratorConfiguration(
            dialogs: Int((Double(messages) / Self.messagesPerDialog).rounded()),
            days: days,
            seed: seed
        )
        note("dataset \(dataset.schema): loading unless already loaded")
        let loaded = try dataset.loadIfNeeded(logger: logger) { write in
            try EventGenerator(configuration: generatorConfiguration).forEachLine { try write($0) }
        }
        note(
            "dataset \(dataset.schema): \(loaded.dialogs) dialogs, \(loaded.messages) messages, \(loaded.events) events, "
                + (loaded.loadedNow ? "loaded in \(format(loaded.loadSeconds)) s" : "reused")
        )
        let parameters = try wholePeriod(dataset, start: generatorConfiguration.start)
        note("period \(parameters.from) … \(parameters.to), as of the last event")

        var rows: [(name: String, seconds: Double, note: String)] = [] {
            didSet {
                // Each figure as soon as it is measured: a long run that fails later keeps them.
                if let last = rows.last { note("\(last.name): \(format(last.seconds)) s (\(last.note))") }
            }
        }
        // The SQL reference first (it reads every table its own way, five times the report); then,
        // run by run, the raw COPY, the SQL peer, the report of the window and of its last day, so
        // that each run's four figures meet the same page cache (measured one block after the
        // other, a cache that shifts between the blocks moves a ratio by ±15% at 10M,
        // docs/PERFORMANCE.md).
        let sqlSeconds = try median { try sqlReference(url: dataset.url, parameters: parameters) }
        rows.append(("(b) SQL reference channels.csv", sqlSeconds, "queries/reference"))
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("chatsla-bench-report-\(getpid())")
            .path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let window = Self.instants(parameters)
        var copySamples: [Double] = []
        var peerSamples: [Double] = []
        var reportSamples: [Double] = []
        var daySamples: [Double] = []
        var reportPeakKilobytes: [Int] = []
        var dayPeakKilobytes: [Int] = []
        for _ in 0..<runs {
            copySamples.append(try timed { try rawCopy(url: dataset.url) })
            peerSamples.append(try timed { try peer(url: dataset.url, asOf: parameters.asOf, period: window) })
            reportSamples.append(try timed { reportPeakKilobytes.append(try report(out: output, day: false)) })
            daySamples.append(try timed { dayPeakKilobytes.append(try report(out: output, day: true)) })
        }
        let copySeconds = medianOf(copySamples)
        let peerSeconds = medianOf(peerSamples)
        let reportSeconds = medianOf(reportSamples)
        let daySeconds = medianOf(daySamples)
        rows.append(("(a) raw binary COPY, 2 sessions", copySeconds, "queries/peer/raw_copy.sql, psql"))
        rows.append(("(p) one-statement SQL peer", peerSeconds, "queries/peer/channel_sla.sql, psql"))
        rows.append(("(c) chatsla report, window", reportSeconds, "\(workers) workers, 5 CSV + index.html"))
        let lastDay = Self.lastWindowDay(start: generatorConfiguration.start, days: days)
        rows.append(("(c1) chatsla report, last day", daySeconds, "\(lastDay), same as_of"))
        let reportRSS = (reportPeakKilobytes.max() ?? 0) / 1024
        let dayRSS = (dayPeakKilobytes.max() ?? 0) / 1024

        var ingest: BenchIngest.Figures?
        if ingestEvents > 0 {
            let figures = try BenchIngest.measure(
                url: serverURL,
                events: ingestEvents,
                batchSize: 20_000,
                seed: seed,
                runs: runs,
                showTimings: false
            )
            rows.append(("(d) chatsla ingest", figures.ingestSeconds, "\(figures.events) events"))
            rows.append(("(e) raw COPY FROM messages", figures.copySeconds, "\(figures.copyRows) rows"))
            ingest = figures
        }

        print("measurement                         median_s  note")
        for row in rows {
            print(
                row.name.padding(toLength: 34, withPad: " ", startingAt: 0) + format(row.seconds).leftPadded(10)
                    + "  " + row.note
            )
        }
        print(
            "samples: copy=\(copySamples.map(format)) peer=\(peerSamples.map(format)) "
                + "report=\(reportSamples.map(format)) day=\(daySamples.map(format))"
        )
        let ingestFields =
            ingest.map {
                "ingest_eps=\(Int($0.eventsPerSecond)) ingest/copyfrom=\(format($0.ingestSeconds / $0.copySeconds))"
            } ?? "ingest_eps=- ingest/copyfrom=-"
        print(
            "bench: dialogs=\(loaded.dialogs) messages=\(loaded.messages) days=\(days) copy_s=\(format(copySeconds)) "
                + "peer_s=\(format(peerSeconds)) report_s=\(format(reportSeconds)) day_s=\(format(daySeconds)) "
                + "sqlref_s=\(format(sqlSeconds)) report/copy=\(format(reportSeconds / copySeconds)) "
                + "peer/report=\(format(peerSeconds / reportSeconds)) day/report=\(format(daySeconds / reportSeconds)) "
                + "sqlref/report=\(format(sqlSeconds / reportSeconds)) peak_rss_mb=\(reportRSS) "
                + "day_peak_rss_mb=\(dayRSS) \(ingestFields)"
        )
    }

    /// The generator window's last day (UTC): the nightly run's day, `day_s`.
    static func lastWindowDay(start: Date, days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: Int64((start.timeIntervalSince1970 / 86_400).rounded(.down)) + Int64(days) - 1)
    }

    /// The period's instants `[start, end)`: the bench's period is in UTC.
    static func instants(_ parameters: ReportParameters) -> Range<Int64> {
        let day: Int64 = 86_400_000_000
        return parameters.from.daysSinceEpoch * day..<(parameters.to.daysSinceEpoch + 1) * day
    }

    /// From the generator window's first day to the day of the last event, as of that event.
    private func wholePeriod(_ dataset: BenchDataset, start: Date) throws -> ReportParameters {
        let connection = try PostgresConnection(url: dataset.url)
        defer { connection.close() }
        // The domain clock: the latest `at` among accepted events (one row, not a scan).
        let latest = try connection.query("SELECT (extract(epoch FROM clock_at) * 1000000)::bigint FROM ingest_state")
        let asOf = try latest.decode(Int64.self, row: 0, column: 0)
        let utc = TimeZone(identifier: "UTC") ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        func day(_ date: Date) throws -> LocalDate {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            guard let local = LocalDate(parsing: text) else { throw fail("cannot read the date \(text)") }
            return local
        }
        return ReportParameters(
            from: try day(start),
            to: try day(Date(timeIntervalSince1970: Double(asOf) / 1e6)),
            timeZone: utc,
            asOf: asOf
        )
    }

    /// The raw binary COPY of the report's input columns (`queries/peer/raw_copy.sql`), one psql
    /// session per list of statements, all at once.
    private func rawCopy(url: String) throws {
        try runPsql(url: url, sessions: try PeerBaselines.rawCopySessions())
    }

    /// The single-statement SQL peer (`queries/peer/channel_sla.sql`) through psql.
    private func peer(url: String, asOf: Int64, period: Range<Int64>) throws {
        try runPsql(url: url, sessions: [try PeerBaselines.peerStatements(asOf: asOf, period: period)])
    }

    private func runPsql(url: String, sessions: [[String]]) throws {
        var processes: [Process] = []
        for statements in sessions {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url] + statements.flatMap { ["-c", $0] }
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw fail("psql failed running a baseline of queries/peer") }
        }
    }

    private func sqlReference(url: String, parameters: ReportParameters) throws {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let reference = SQLReference(connection: connection)
        try reference.prepare(parameters)
        let rows = try reference.channels()
        guard !rows.isEmpty else { throw fail("the SQL reference returned no channel rows") }
    }

    /// The report end to end (extraction, engine, five CSV files and index.html) in a fresh
    /// process, which prints its peak RSS.
    ///
    /// A fresh process because getrusage's `ru_maxrss` of a child started by posix_spawn (and of
    /// this process after loading a dataset) includes this process's own high-water mark; the
    /// child reads `VmHWM` of its own address space instead.
    /// - Returns: the child's peak RSS in kB.
    private func report(out: String, day: Bool) throws -> Int {
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")
        process.arguments =
            [
                "bench", "all", "--database-url", try database.resolveURL(), "--messages", String(messages), "--seed",
                String(seed), "--days", String(days), "--workers", String(workers), "--report-child", out,
            ] + (day ? ["--report-child-day"] : [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let kilobytes = printed.split(separator: "=").last.flatMap({
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            })
        else { throw fail("the report run failed") }
        return kilobytes
    }

    private func runReportChild(into folder: String) throws {
        AllocatorTuning.returnLargeBlocksWhenFreed()  // as `chatsla report` does
        let dataset = BenchDataset(url: try database.resolveURL(), messages: messages, seed: seed, days: days)
        let start = GeneratorConfiguration(dialogs: 0, days: days, seed: seed).start
        var parameters = try wholePeriod(dataset, start: start)
        if reportChildDay {
            // The window's last full day of traffic (the clock runs on a little past the window
            // for the auto-closes it materialises).
            parameters.to = Self.lastWindowDay(start: start, days: days)
            parameters.from = parameters.to
        }
        let result = try ReportPipeline(url: dataset.url, workers: workers).run(parameters)
        try? FileManager.default.removeItem(atPath: folder)
        try writeReport(result, to: folder)
        print("report_peak_rss_kb=\(ownPeakResidentKilobytes())")
    }

    private func median(_ body: () throws -> Void) throws -> Double {
        var samples: [Double] = []
        for _ in 0..<runs { samples.append(try timed(body)) }
        return medianOf(samples)
    }

    private func timed(_ body: () throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        try body()
        return (ContinuousClock.now - start).seconds
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data(("bench all: " + line + "\n").utf8))
    }
}

/// This address space's peak resident set (`VmHWM`), in kB; getrusage's figure when unreadable.
func ownPeakResidentKilobytes() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let value = Int(line.dropFirst("VmHWM:".count).filter(\.isNumber))
    {
        return value
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

/// This process's peak resident set, in MB.
func selfPeakRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

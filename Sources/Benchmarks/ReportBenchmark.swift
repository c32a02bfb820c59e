import ChatStore
import ChildProcesses
import EventGenerator
import Foundation
import Logging
import PostgresClient
import ReportRuns
import SLAAnalytics

/// `chatsla bench all`: the report against the physical limit (a raw COPY of its input columns),
/// against the single SQL statement a team would write instead (`queries/peer/`), against our own
/// SQL reference, and the nightly one-day report against the whole window, plus ingestion against
/// a raw COPY FROM, on one generated dataset.
///
/// ```swift
/// let bench = ReportBenchmark(url: url, messages: 1_000_000, runs: 3, seed: 7, days: 30, workers: 2, ingestEvents: 0)
/// let figures = try bench.measure(note: { print($0) }, report: { folder, day in try runChild(folder, day) })
/// ```
public struct ReportBenchmark: Sendable {
    /// The server URL without a search path.
    public var serverURL: String
    /// Messages in the dataset (about 7 a dialog).
    public var messages: Int
    /// Timed runs of each measurement; the median is reported.
    public var runs: Int
    /// Generator seed of the dataset.
    public var seed: UInt64
    /// Days in the generated window (the dataset's history; the day report is its last day).
    public var days: Int
    /// Report workers (database connections streaming dialogs).
    public var workers: Int
    /// Events of the ingest measurement (0 skips it).
    public var ingestEvents: Int

    public init(url: String, messages: Int, runs: Int, seed: UInt64, days: Int, workers: Int, ingestEvents: Int) {
        serverURL = url
        self.messages = messages
        self.runs = runs
        self.seed = seed
        self.days = days
        self.workers = workers
        self.ingestEvents = ingestEvents
    }

    /// Messages per generated dialog, measured on the generator's mix (system messages included).
    public static let messagesPerDialog = 7.0

    /// The generated dataset the measurements run on.
    public var dataset: BenchDataset { BenchDataset(url: serverURL, messages: messages, seed: seed, days: days) }

    /// What a report child reports back: its peak RSS (its own `VmHWM`) and its CPU seconds.
    public struct ChildRun: Sendable {
        public var peakKilobytes: Int
        public var cpuSeconds: Double

        public init(peakKilobytes: Int, cpuSeconds: Double) {
            self.peakKilobytes = peakKilobytes
            self.cpuSeconds = cpuSeconds
        }
    }

    /// One line of the table: what was measured, its median, a note.
    public struct Row: Sendable {
        public var name: String
        public var seconds: Double
        public var note: String
    }

    /// What `measure` found: the table's rows, each measurement's samples, and the `bench:` line's figures.
    public struct Figures: Sendable {
        public var loaded: BenchDataset.Figures
        public var rows: [Row]
        public var copySamples: [Double]
        public var peerSamples: [Double]
        public var reportSamples: [Double]
        public var daySamples: [Double]
        public var sqlSeconds: Double
        /// The report children's peak RSS, in MB.
        public var reportRSS: Int
        public var dayRSS: Int
        /// Each report run's CPU seconds: the child's, and the server's while it ran (nil when
        /// the server's processes cannot be read from here, ``ServerCPU``).
        public var reportCPUSamples: [CPUSample] = []
        public var dayCPUSamples: [CPUSample] = []
        public var ingest: IngestBenchmark.Figures?

        /// The medians of the window's report runs' CPU seconds, client and server (`-` unknown).
        public var reportCPU: (client: String, server: String) { Self.medians(reportCPUSamples) }
        public var dayCPU: (client: String, server: String) { Self.medians(dayCPUSamples) }

        /// One run's CPU seconds: the report process's, and the server's (nil: unknown).
        public typealias CPUSample = (client: Double, server: Double?)

        private static func medians(_ samples: [CPUSample]) -> (client: String, server: String) {
            let servers = samples.compactMap(\.server)
            return (
                format(medianOf(samples.map(\.client))),
                servers.count == samples.count && !servers.isEmpty ? format(medianOf(servers)) : "-"
            )
        }

        public var copySeconds: Double { medianOf(copySamples) }
        public var peerSeconds: Double { medianOf(peerSamples) }
        public var reportSeconds: Double { medianOf(reportSamples) }
        public var daySeconds: Double { medianOf(daySamples) }
    }

    /// Loads the dataset unless already loaded, then measures.
    ///
    /// The SQL reference runs first; then, run by run, the raw COPY (`copy_s`), the SQL peer
    /// (`peer_s`), the report of the whole window (`report_s`) and of its last day (`day_s`)
    /// alternate; then the ingest against a raw COPY FROM.
    /// - Parameters:
    ///   - note: receives a progress line, and each figure as soon as it is measured.
    ///   - report: runs the report of the window (`day` false) or of its last day into `folder`
    ///     in a fresh process, and returns that process's peak RSS in kB and CPU seconds.
    /// - Returns: the figures.
    /// - Throws: `PostgresError`, `StoreError`, ``BenchmarkError``, what `report` throws.
    public func measure(
        note: (String) -> Void,
        report: (_ folder: String, _ day: Bool) throws -> ChildRun
    ) throws -> Figures {
        var logger = Logger(label: "chatsla.bench")
        logger.logLevel = .notice
        let dataset = self.dataset
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

        var rows: [Row] = [] {
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
        let sqlSeconds = try medianSeconds(runs: runs) { try sqlReference(url: dataset.url, parameters: parameters) }
        rows.append(Row(name: "(b) SQL reference channels.csv", seconds: sqlSeconds, note: "queries/reference"))
        // A folder for each kind of run, as a nightly job and a monthly one each replace their own
        // previous report: written into the window's folder, the day's run removed the window's
        // report (170 MB at 1M dialogs, 33 ms of `rm` alone) before it could end (session 19).
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("chatsla-bench-report-\(getpid())")
            .path
        let dayOutput = output + "-day"
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: dayOutput)
        }
        let window = Self.instants(parameters)
        var copySamples: [Double] = []
        var peerSamples: [Double] = []
        var reportSamples: [Double] = []
        var daySamples: [Double] = []
        var reportRuns: [(result: ChildRun, serverSeconds: Double?)] = []
        var dayRuns: [(result: ChildRun, serverSeconds: Double?)] = []
        let probe = try PostgresConnection(url: dataset.url)
        defer { probe.close() }
        let server = ServerCPU.probe(probe)
        /// One report child's seconds, from its start to its exit; its run and the server's CPU
        /// while it ran are appended to `runs`. The server's readings around the child (a read of
        /// every process's `/proc` stat, repeated while a backend ends, ``ServerCPU/seconds()``)
        /// are the probe's, not the report's, and are left out of the child's time (they were in
        /// `report_s` and `day_s` until session 18; at 1M dialogs they took 2-3 ms a run, noted
        /// for each run).
        func reportRun(day: Bool, into runs: inout [(result: ChildRun, serverSeconds: Double?)]) throws -> Double {
            var seconds = 0.0
            let started = ContinuousClock.now
            let measured = try ServerCPU.used(by: server) { () throws -> ChildRun in
                let start = ContinuousClock.now
                let run = try report(day ? dayOutput : output, day)
                seconds = (ContinuousClock.now - start).seconds
                return run
            }
            runs.append(measured)
            let probe = (ContinuousClock.now - started).seconds - seconds
            note("\(day ? "day" : "window") report \(format(seconds)) s, the server probe around it \(format(probe)) s")
            return seconds
        }
        for _ in 0..<runs {
            copySamples.append(try timed { try rawCopy(url: dataset.url) })
            peerSamples.append(try timed { try peer(url: dataset.url, asOf: parameters.asOf, period: window) })
            reportSamples.append(try reportRun(day: false, into: &reportRuns))
            daySamples.append(try reportRun(day: true, into: &dayRuns))
        }
        var figures = Figures(
            loaded: loaded,
            rows: [],
            copySamples: copySamples,
            peerSamples: peerSamples,
            reportSamples: reportSamples,
            daySamples: daySamples,
            sqlSeconds: sqlSeconds,
            reportRSS: (reportRuns.map(\.result.peakKilobytes).max() ?? 0) / 1024,
            dayRSS: (dayRuns.map(\.result.peakKilobytes).max() ?? 0) / 1024,
            reportCPUSamples: reportRuns.map { ($0.result.cpuSeconds, $0.serverSeconds) },
            dayCPUSamples: dayRuns.map { ($0.result.cpuSeconds, $0.serverSeconds) }
        )
        let lastDay = Self.lastWindowDay(start: generatorConfiguration.start, days: days)
        // One append per figure: each is noted as it is added.
        rows.append(
            Row(
                name: "(a) raw binary COPY, 2 sessions",
                seconds: figures.copySeconds,
                note: "queries/peer/raw_copy.sql, psql"
            )
        )
        rows.append(
            Row(
                name: "(p) one-statement SQL peer",
                seconds: figures.peerSeconds,
                note: "queries/peer/channel_sla.sql, psql"
            )
        )
        rows.append(
            Row(
                name: "(c) chatsla report, window",
                seconds: figures.reportSeconds,
                note: "\(workers) workers, 5 CSV + index.html"
            )
        )
        rows.append(
            Row(name: "(c1) chatsla report, last day", seconds: figures.daySeconds, note: "\(lastDay), same as_of")
        )
        if ingestEvents > 0 {
            let ingest = try IngestBenchmark.measure(
                url: serverURL,
                events: ingestEvents,
                batchSize: 20_000,
                seed: seed,
                runs: runs,
                showTimings: false
            )
            rows.append(Row(name: "(d) chatsla ingest", seconds: ingest.ingestSeconds, note: "\(ingest.events) events"))
            rows.append(
                Row(name: "(e) raw COPY FROM messages", seconds: ingest.copySeconds, note: "\(ingest.copyRows) rows")
            )
            figures.ingest = ingest
        }
        figures.rows = rows
        return figures
    }

    /// The parameters of a report child: from the generator window's first day to the day of the
    /// last event, or (`lastDay`) the window's last full day of traffic, as of the last event.
    public func reportParameters(lastDay: Bool) throws -> ReportParameters {
        let start = GeneratorConfiguration(dialogs: 0, days: days, seed: seed).start
        var parameters = try wholePeriod(dataset, start: start)
        if lastDay {
            // The window's last full day of traffic (the clock runs on a little past the window
            // for the auto-closes it materialises).
            parameters.to = Self.lastWindowDay(start: start, days: days)
            parameters.from = parameters.to
        }
        return parameters
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
        let latest = try connection.query(PostgresQuery(sql: try NamedQueries("bench/dataset.sql")("clock")))
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
            timeZone: .utc,
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
        var processes: [ChildProcess] = []
        for statements in sessions {
            processes.append(
                try ChildProcess.start(
                    ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url] + statements.flatMap { ["-c", $0] },
                    output: .discard
                )
            )
        }
        for process in processes {
            guard try process.wait().status == 0 else { throw fail("psql failed running a baseline of queries/peer") }
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
}

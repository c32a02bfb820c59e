import ChatStore
import ChildProcesses
import Foundation
import PostgresClient

#if canImport(Glibc)
import Glibc
#endif

/// `chatsla bench ingest --dialogs N`: the figures of issue 17 on a generated month, from one run.
///
/// For each size: `chatsla generate --dialogs N --days 30` (reused when already written), split
/// at the first event of the last day (2026-10-31); into a fresh schema, by child processes of
/// the binary given (so that a former build measures the same way): the 29 days (bulk load:
/// events/s and peak RSS), `VACUUM (ANALYZE)` of the schema's tables (untimed: what autovacuum
/// does after a load), then the last day (events/s and its ratio to the bulk load), then one
/// `clock.tick` (seconds and peak RSS); then the database bytes per stored message and per
/// ingested event. Peak RSS is the child's `ru_maxrss` from `wait4`, its CPU `ru_utime` +
/// `ru_stime`; the server's CPU during each child is read from `/proc` when the server runs on
/// this machine (``ServerCPU``), so that the line says which side bounds the rate.
public struct IngestMonthBenchmark: Sendable {
    public var url: String
    public var binary: String
    public var workDirectory: String
    public var seed: UInt64
    public var batchSize: Int
    public var keep: Bool

    public init(url: String, binary: String, workDirectory: String, seed: UInt64, batchSize: Int, keep: Bool) {
        self.url = url
        self.binary = binary
        self.workDirectory = workDirectory
        self.seed = seed
        self.batchSize = batchSize
        self.keep = keep
    }

    public struct ChildRun: Sendable {
        public var seconds: Double
        public var peakRSSMB: Double
        public var output: String
        /// The child's CPU seconds (user + system).
        public var cpuSeconds: Double = 0
        /// The server's CPU seconds while the child ran; nil when the server's processes cannot
        /// be read from here.
        public var serverCPUSeconds: Double?

        /// CPU microseconds an event, on the client's side and on the server's (`-` unknown).
        func cpuPerEvent(_ events: Int) -> (client: String, server: String) {
            func perEvent(_ seconds: Double) -> String {
                String(Int((seconds * 1_000_000 / Double(max(1, events))).rounded()))
            }
            return (perEvent(cpuSeconds), serverCPUSeconds.map(perEvent) ?? "-")
        }
    }

    public struct Figures: Sendable {
        public var dialogs: Int
        public var bulk: (events: Int, run: ChildRun)
        public var lastDay: (events: Int, run: ChildRun)
        public var oneEvent: ChildRun
        public var messages: Int64
        public var databaseBytes: Int64
        public var ledgerBytes: Int64
        public var ledgerRows: Int64

        public var bulkEventsPerSecond: Double { Double(bulk.events) / bulk.run.seconds }
        public var lastDayEventsPerSecond: Double { Double(lastDay.events) / lastDay.run.seconds }
        /// The `bench-month: key=value …` line.
        public var line: String {
            "bench-month: dialogs=\(dialogs) one_event_s=\(format(oneEvent.seconds)) "
                + "one_event_rss_mb=\(Int(oneEvent.peakRSSMB)) bulk_events=\(bulk.events) "
                + "bulk_eps=\(Int(bulkEventsPerSecond)) bulk_rss_mb=\(Int(bulk.run.peakRSSMB)) "
                + "last_day_events=\(lastDay.events) last_day_eps=\(Int(lastDayEventsPerSecond)) "
                + "last_day/bulk=\(format(lastDayEventsPerSecond / bulkEventsPerSecond)) "
                + "messages=\(messages) db_bytes_per_message=\(databaseBytes / max(1, messages)) "
                + "ledger_bytes_per_event=\(ledgerBytes / max(1, ledgerRows)) "
                + "bulk_cpu_us_per_event=client:\(bulkCPU.client),server:\(bulkCPU.server) "
                + "last_day_cpu_us_per_event=client:\(lastDayCPU.client),server:\(lastDayCPU.server)"
        }

        private var bulkCPU: (client: String, server: String) { bulk.run.cpuPerEvent(bulk.events) }
        private var lastDayCPU: (client: String, server: String) { lastDay.run.cpuPerEvent(lastDay.events) }
    }

    /// Generates (or reuses) the month of `dialogs` dialogs and measures its three ingests.
    /// - Throws: ``BenchmarkError`` (a child run failed), `PostgresError`.
    public func run(dialogs: Int) throws -> Figures {
        let (head, tail, headEvents, tailEvents) = try month(dialogs: dialogs)
        let tick = workDirectory + "/one-clock-tick.jsonl"
        try Data(#"{"id":"bench-one-tick","type":"clock.tick","at":"2026-11-01T00:30:00+00:00"}"#.utf8 + [10])
            .write(to: URL(fileURLWithPath: tick))
        let schema = "chatsla_bench_month_d\(dialogs)"
        let queries = try NamedQueries("bench/month.sql")
        let admin = try PostgresConnection(url: url)
        defer { admin.close() }
        let server = ServerCPU.probe(admin)
        try admin.execute(script: try queries("recreate_schema", schema: schema))
        let schemaURL = Benchmarks.url(url, searchPath: schema)
        _ = try child(["migrate", "--database-url", schemaURL])
        let ingest = ["ingest", "--batch-size", "\(batchSize)", "--database-url", schemaURL]
        note("d=\(dialogs): bulk load of \(headEvents) events (29 days)")
        let bulk = try child(ingest + [head], server: server)
        note("d=\(dialogs): bulk \(format(bulk.seconds)) s, \(Int(bulk.peakRSSMB)) MB; settling")
        // What autovacuum does after a bulk load, done before the last day rather than during it:
        // it started on the schema's big tables in the bulk load's last seconds and went on into
        // the last day at random, one of the two cores taken (at 300k dialogs the last day's
        // server CPU 15 to 24 µs an event, its ratio to the bulk load 0.56 to 0.83, session 19).
        // A nightly batch meets a database autovacuum has long settled after the load.
        let settling = ContinuousClock.now
        let tables = try admin.query(
            PostgresQuery(sql: try queries("tables", schema: schema), binds: [schema.postgresBind])
        )
        let names = (0..<tables.count).compactMap { tables[$0, 0] }
        if !names.isEmpty { try admin.execute(script: "VACUUM (ANALYZE) " + names.joined(separator: ", ")) }
        note(
            "d=\(dialogs): VACUUM (ANALYZE) \(format((ContinuousClock.now - settling).seconds)) s; last day: \(tailEvents) events"
        )
        let lastDay = try child(ingest + [tail], server: server)
        note("d=\(dialogs): last day \(format(lastDay.seconds)) s; one event")
        let one = try child(ingest + [tick])
        let sizes = try admin.query(
            PostgresQuery(sql: try queries("sizes", schema: schema), binds: [schema.postgresBind])
        )
        let figures = Figures(
            dialogs: dialogs,
            bulk: (headEvents, bulk),
            lastDay: (tailEvents, lastDay),
            oneEvent: one,
            messages: Int64(sizes[0, 3] ?? "") ?? 0,
            databaseBytes: Int64(sizes[0, 0] ?? "") ?? 0,
            ledgerBytes: Int64(sizes[0, 1] ?? "") ?? 0,
            ledgerRows: Int64(sizes[0, 2] ?? "") ?? 0
        )
        if !keep { try admin.execute(script: try queries("drop_schema", schema: schema)) }
        return figures
    }

    /// The month's events split at the first event of its last day: (29 days, last day, counts).
    /// Written once per size and seed in the work directory, then reused.
    private func month(dialogs: Int) throws -> (String, String, Int, Int) {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let base = "\(workDirectory)/month-d\(dialogs)-s\(seed)"
        let head = base + "-29-days.jsonl"
        let tail = base + "-last-day.jsonl"
        let counts = base + ".counts"
        if let text = try? String(contentsOfFile: counts, encoding: .utf8) {
            let parts = text.split(separator: " ").compactMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if parts.count == 2 { return (head, tail, parts[0], parts[1]) }
        }
        note("d=\(dialogs): generating the month")
        _ = try child(["generate", "--dialogs", "\(dialogs)", "--days", "30", "--seed", "\(seed)", "--out", head])
        // Find the first line of the last day; copy from there to the tail file, then cut the
        // month file there (it becomes the 29 days).
        let marker = Array(#""at":"2026-10-31T"#.utf8)
        let later = Array(#""at":"2026-11-"#.utf8)
        guard let input = FileHandle(forReadingAtPath: head) else { throw fail("cannot read \(head)") }
        var offset: UInt64 = 0
        var cut: UInt64?
        var headLines = 0
        var tailLines = 0
        var pending: [UInt8] = []
        while let chunk = try input.read(upToCount: 1 << 22), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 10) {
                let line = pending[start..<newline]
                if cut == nil, Self.contains(line, marker) || Self.contains(line, later) { cut = offset }
                if cut == nil { headLines += 1 } else { tailLines += 1 }
                offset += UInt64(newline - start + 1)
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        try input.close()
        guard let cut else { throw fail("the generated month has no event on its last day") }
        guard let reader = FileHandle(forReadingAtPath: head),
            FileManager.default.createFile(atPath: tail, contents: nil),
            let writer = FileHandle(forWritingAtPath: tail)
        else { throw fail("cannot split \(head)") }
        try reader.seek(toOffset: cut)
        while let chunk = try reader.read(upToCount: 1 << 22), !chunk.isEmpty { try writer.write(contentsOf: chunk) }
        try reader.close()
        try writer.close()
        guard truncate(head, off_t(cut)) == 0 else { throw fail("cannot cut \(head)") }
        try "\(headLines) \(tailLines)\n".write(toFile: counts, atomically: true, encoding: .utf8)
        return (head, tail, headLines, tailLines)
    }

    private static func contains(_ line: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard line.count >= needle.count else { return false }
        var index = line.startIndex
        while index + needle.count <= line.endIndex {
            if line[index] == needle[0], line[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Runs the binary with `arguments`; its standard output is returned, its standard error
    /// passes through. Exit statuses 0 and 3 (some lines rejected) are accepted. With `server`,
    /// the server's CPU during the run is read too.
    private func child(_ arguments: [String], server: ServerCPU? = nil) throws -> ChildRun {
        let outputPath = workDirectory + "/child-\(getpid()).out"
        defer { unlink(outputPath) }
        let started = ContinuousClock.now
        let (exit, serverSeconds) = try ServerCPU.used(by: server) {
            do {
                return try ChildProcess.start([binary] + arguments, output: .file(outputPath)).wait()
            } catch let failure as ChildProcess.Failure {
                throw fail(failure.description)
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard exit.signal == nil, exit.status == 0 || exit.status == 3 else {
            throw fail("\(binary) \(arguments.first ?? "") failed (status \(exit.status)): \(output)")
        }
        return ChildRun(
            seconds: seconds,
            peakRSSMB: Double(exit.peakResidentKilobytes) / 1024,
            output: output,
            cpuSeconds: exit.cpuSeconds,
            serverCPUSeconds: serverSeconds
        )
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("bench ingest: \(text)\n".utf8))
    }
}

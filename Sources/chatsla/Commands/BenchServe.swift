import ArgumentParser
import ChatDomain
import ChatStore
import Dispatch
import EventGenerator
import Foundation
import IngestServer
import Logging
import NIOHTTP1
import PostgresClient

/// `chatsla bench serve`: webhooks through `chatsla serve` against a file ingest of the same events.
struct BenchServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "N concurrent clients posting batches of 1, 100 and 2,000 events to chatsla serve; "
            + "events/s and p50/p99 latency against chatsla ingest of the same events.",
        discussion: """
            Build with -c release. Each run (the server's and the file ingest's) gets a fresh schema \
            chatsla_bench_serve, dropped at the end. The server runs in this process on a free loopback port, \
            with durable commits (synchronous_commit on) as chatsla serve has; the clients share one cursor over \
            the batches, so the events arrive in about the file's order. Targets: batches of 2,000 at 0.8x the \
            file ingest or better; single events from 32 clients at 5,000 events/s or more with p99 at most 100 ms.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Events posted in batches of 100 and 2,000 (a prefix of a generated stream).")
    var events: Int = 200_000

    @Option(help: "Events posted one per request (a prefix of the same stream).")
    var singleEvents: Int = 20_000

    @Option(help: "Concurrent clients, each with its own keep-alive connection.")
    var clients: Int = 32

    @Option(help: "Generator seed.")
    var seed: UInt64 = 7

    func validate() throws {
        guard events > 0, singleEvents > 0 else {
            throw ValidationError("--events and --single-events must be positive")
        }
        guard clients > 0 else { throw ValidationError("--clients must be positive") }
    }

    /// One measured run.
    struct Run {
        var name: String
        var events: Int
        var seconds: Double
        var p50: Double?
        var p99: Double?
        var outcome: String
        var eventsPerSecond: Double { Double(events) / seconds }
    }

    func run() throws {
        do {
            let url = try database.resolveURL()
            let schema = ServeBenchmarkSchema(url: url)
            defer { try? schema.drop() }
            let lines = try Self.generatedLines(max(events, singleEvents), seed: seed)
            let all = Array(lines.prefix(events))
            let singles = Array(lines.prefix(singleEvents))
            var runs: [Run] = []
            var logger = Logger(label: "chatsla.bench")
            logger.logLevel = .warning

            // Concurrent clients deliver in about the file's order, not exactly: events that arrive before
            // what they depend on are refused, which changes the work. So each serve run is also compared
            // with a file ingest of the events in the very order the server applied them.
            runs.append(
                try Self.fileIngest(singles, name: "chatsla ingest (file order)", schema: schema, logger: logger)
            )
            runs.append(try Self.serve(singles, batch: 1, clients: clients, schema: schema, logger: logger))
            runs.append(try Self.fileIngest(try Self.applied(schema, lines: singles), schema: schema, logger: logger))
            runs.append(try Self.fileIngest(all, name: "chatsla ingest (file order)", schema: schema, logger: logger))
            runs.append(try Self.serve(all, batch: 100, clients: clients, schema: schema, logger: logger))
            runs.append(try Self.fileIngest(try Self.applied(schema, lines: all), schema: schema, logger: logger))
            runs.append(try Self.serve(all, batch: 2_000, clients: clients, schema: schema, logger: logger))
            runs.append(try Self.fileIngest(try Self.applied(schema, lines: all), schema: schema, logger: logger))

            print("run                                   events   seconds    events/s   p50 ms   p99 ms  outcome")
            for run in runs {
                print(
                    run.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                        + String(run.events).leftPadded(8) + format(run.seconds).leftPadded(10)
                        + String(Int(run.eventsPerSecond)).leftPadded(12)
                        + (run.p50.map { format($0 * 1000) } ?? "-").leftPadded(9)
                        + (run.p99.map { format($0 * 1000) } ?? "-").leftPadded(9) + "  " + run.outcome
                )
            }
            let single = runs[1]
            let singleFile = runs[2]
            let ratio100 = runs[4].eventsPerSecond / runs[5].eventsPerSecond
            let ratio2000 = runs[6].eventsPerSecond / runs[7].eventsPerSecond
            let ratio2000FileOrder = runs[6].eventsPerSecond / runs[3].eventsPerSecond
            let singleP99 = single.p99 ?? .infinity
            print(
                "bench: clients=\(clients) serve_2000/file_same_order=\(format(ratio2000)) (target >= 0.8: "
                    + "\(ratio2000 >= 0.8 ? "met" : "missed")) serve_2000/file_order=\(format(ratio2000FileOrder)) "
                    + "serve_100/file_same_order=\(format(ratio100)) "
                    + "single_events_per_s=\(Int(single.eventsPerSecond)) (target >= 5000: "
                    + "\(single.eventsPerSecond >= 5_000 ? "met" : "missed")) single_p99_ms=\(format(singleP99 * 1000)) "
                    + "(target <= 100: \(singleP99 <= 0.1 ? "met" : "missed")) "
                    + "single/file_same_order=\(format(single.eventsPerSecond / singleFile.eventsPerSecond))"
            )
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    /// `chatsla ingest` of `lines` into a fresh schema (a file read through the Ingester).
    static func fileIngest(
        _ lines: [[UInt8]],
        name: String = "chatsla ingest (order served)",
        schema: ServeBenchmarkSchema,
        logger: Logger
    ) throws -> Run {
        try schema.create()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "chatsla-bench-serve-\(getpid()).jsonl"
        )
        .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes: [UInt8] = []
        for line in lines {
            bytes += line
            bytes.append(10)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw fail("cannot write \(path)")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw fail("cannot open \(path)") }
        defer { close(descriptor) }
        let connection = try PostgresConnection(url: schema.url)
        defer { connection.close() }
        let started = ContinuousClock.now
        let ingester = try Ingester(connection: connection, logger: logger)
        let summary = try ingester.ingest(source: path, descriptor: descriptor)
        let seconds = (ContinuousClock.now - started).seconds
        return Run(name: name, events: lines.count, seconds: seconds, outcome: "\(summary)")
    }

    /// `clients` clients posting `lines` in batches of `batch` to a server on a free loopback port.
    static func serve(
        _ lines: [[UInt8]],
        batch: Int,
        clients: Int,
        schema: ServeBenchmarkSchema,
        logger: Logger
    ) throws -> Run {
        try schema.create()
        var bodies: [[UInt8]] = []
        for start in stride(from: 0, to: lines.count, by: batch) {
            var body: [UInt8] = []
            for line in lines[start..<min(start + batch, lines.count)] {
                body += line
                body.append(10)
            }
            bodies.append(body)
        }
        let token = "bench-\(UInt64.random(in: 0...UInt64.max))"
        var configuration = IngestServerConfiguration(databaseURL: schema.url, token: token)
        configuration.port = 0
        let server = IngestServer(configuration: configuration, logger: logger)
        let measured = BenchOutcome()
        let done = DispatchSemaphore(value: 0)
        let requests = bodies
        Task {
            do {
                let (ports, continuation) = AsyncStream<Int>.makeStream()
                let serverTask = Task { try await server.run { continuation.yield($0) } }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw fail("the server did not start") }
                // Wait until the ingester is connected, so that the clock measures ingestion only.
                try await WebhookClient.withConnection(host: "127.0.0.1", port: port) { client in
                    while try await client.send(.GET, "/healthz").status != 200 {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                let cursor = BatchCursor()
                let started = ContinuousClock.now
                let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                    for _ in 0..<clients {
                        group.addTask {
                            try await WebhookClient.withConnection(host: "127.0.0.1", port: port) { client in
                                var latencies: [Double] = []
                                while let index = cursor.next(below: requests.count) {
                                    let sent = ContinuousClock.now
                                    let answer = try await client.send(
                                        .POST,
                                        "/v1/events",
                                        headers: [
                                            ("Authorization", "Bearer \(token)"),
                                            ("Content-Type", "application/x-ndjson"),
                                        ],
                                        body: requests[index]
                                    )
                                    guard answer.status == 200 else {
                                        throw fail("the server answered \(answer.status): \(answer.text)")
                                    }
                                    latencies.append((ContinuousClock.now - sent).seconds)
                                }
                                return latencies
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                measured.seconds = (ContinuousClock.now - started).seconds
                measured.latencies = latencies.sorted()
                let metrics = try await WebhookClient.withConnection(host: "127.0.0.1", port: port) { client in
                    try await client.send(.GET, "/metrics", headers: [("Authorization", "Bearer \(token)")]).text
                }
                func value(_ name: String) -> Double {
                    for line in metrics.split(separator: "\n") where line.hasPrefix(name + " ") {
                        return Double(line.split(separator: " ").last ?? "") ?? 0
                    }
                    return 0
                }
                let transactions = value("chatsla_serve_batch_requests_count")
                measured.groups =
                    "\(Int(transactions)) transactions, \(format(value("chatsla_serve_batch_requests_sum") / transactions)) "
                    + "requests and \(format(value("chatsla_serve_batch_lines_sum") / transactions)) events each, "
                    + "\(format(value("chatsla_serve_batch_duration_seconds_sum") / transactions * 1000)) ms each"
                await server.shutdown()
                try await serverTask.value
            } catch {
                measured.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = measured.error { throw error }
        FileHandle.standardError.write(Data("batches of \(batch): \(measured.groups)\n".utf8))
        if ProcessInfo.processInfo.environment["CHATSLA_BENCH_TIMINGS"] != nil {
            for (name, duration) in server.ingestTimings.sorted(by: { $0.value > $1.value }) {
                FileHandle.standardError.write(Data("  \(name): \(format(duration.seconds)) s\n".utf8))
            }
        }
        let counts = try schema.outcomeCounts()
        func percentile(_ p: Double) -> Double? {
            guard !measured.latencies.isEmpty else { return nil }
            return measured.latencies[min(measured.latencies.count - 1, Int(Double(measured.latencies.count) * p))]
        }
        return Run(
            name: "serve, \(clients) clients, batches of \(batch)",
            events: lines.count,
            seconds: measured.seconds,
            p50: percentile(0.5),
            p99: percentile(0.99),
            outcome: "accepted \(counts.accepted), refused \(counts.refused), rejected lines \(counts.rejectedLines)"
        )
    }

    /// `lines` in the order the server applied their events (from the ledger of the schema).
    static func applied(_ schema: ServeBenchmarkSchema, lines: [[UInt8]]) throws -> [[UInt8]] {
        let decoder = EventDecoder()
        var byID: [String: [UInt8]] = [:]
        for line in lines {
            if case .success(let event) = decoder.decode(line) { byID[event.id] = line }
        }
        return try schema.appliedEventIDs().compactMap { byID[$0] }
    }

    /// The first `count` lines of a generated stream.
    static func generatedLines(_ count: Int, seed: UInt64) throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        lines.reserveCapacity(count)
        struct Enough: Error {}
        // About 20 events a dialog in the generator's mix; ask for more and stop at `count`.
        let generator = EventGenerator(configuration: GeneratorConfiguration(dialogs: count / 15 + 10, seed: seed))
        do {
            try generator.forEachLine { line in
                guard lines.count < count else { throw Enough() }
                lines.append(Array(line))
            }
        } catch is Enough {}
        return lines
    }
}

/// Hands out batch indexes to the clients, in order.
private final class BatchCursor: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0

    func next(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }
}

/// What the measuring task hands back to the command.
private final class BenchOutcome: @unchecked Sendable {
    var seconds = 0.0
    var latencies: [Double] = []
    var groups = ""
    var error: (any Error)?
}

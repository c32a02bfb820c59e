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
///
/// Each run (the server's and the file ingest's) gets a fresh schema `chatsla_bench_serve`,
/// dropped at the end. The server runs in this process on a free loopback port.
///
/// ```swift
/// let figures = try ServeBenchmark(url: url, events: 200_000, singleEvents: 20_000, clients: 32, seed: 7).run()
/// print(figures.runs.map(\.name))
/// ```
public struct ServeBenchmark: Sendable {
    public var url: String
    /// Events posted in batches of 100 and 2,000 (a prefix of a generated stream).
    public var events: Int
    /// Events posted one per request (a prefix of the same stream).
    public var singleEvents: Int
    /// Concurrent clients, each with its own keep-alive connection.
    public var clients: Int
    public var seed: UInt64

    public init(url: String, events: Int, singleEvents: Int, clients: Int, seed: UInt64) {
        self.url = url
        self.events = events
        self.singleEvents = singleEvents
        self.clients = clients
        self.seed = seed
    }

    /// One measured run.
    public struct Run: Sendable {
        public var name: String
        public var events: Int
        public var seconds: Double
        public var p50: Double?
        public var p99: Double?
        public var outcome: String
        public var eventsPerSecond: Double { Double(events) / seconds }
    }

    /// The runs in the order measured, and the ratios the `bench:` line prints.
    public struct Figures: Sendable {
        public var clients: Int
        /// File order, single events served, the same in the served order; file order, batches of
        /// 100 served, the same in the served order, batches of 2,000 served, the same in the served order.
        public var runs: [Run]

        public var single: Run { runs[1] }
        public var singleFile: Run { runs[2] }
        public var ratio100: Double { runs[4].eventsPerSecond / runs[5].eventsPerSecond }
        public var ratio2000: Double { runs[6].eventsPerSecond / runs[7].eventsPerSecond }
        public var ratio2000FileOrder: Double { runs[6].eventsPerSecond / runs[3].eventsPerSecond }
    }

    /// Measures the eight runs, each in a fresh schema.
    /// - Throws: `PostgresError`, `StoreError`, ``BenchmarkError``, the server's errors.
    public func run() throws -> Figures {
        let schema = ServeBenchmarkSchema(url: url)
        defer { try? schema.drop() }
        let lines = try Self.generatedLines(max(events, singleEvents), seed: seed)
        let all = Array(lines.prefix(events))
        let singles = Array(lines.prefix(singleEvents))
        var runs: [Run] = []
        var logger = Logger(label: "chatsla.bench")
        logger.logLevel = .warning

        // Clients deliver as webhook senders do: the events of one dialog (and of one order, one
        // customer, one task) in order, each only once the one before it is answered; different
        // dialogs concurrently, so the server applies them in about the file's order, not exactly.
        // Each serve run is also compared with a file ingest in the very order the server applied.
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
        // The server loads its state on demand: it is ready at once, whatever the database holds.
        let held = try schema.outcomeCounts()
        let ready = try Self.readyTime(schema: schema, logger: logger)
        let events = held.accepted + held.refused
        let line = "serve ready on a database of \(events) events in \(format(ready * 1000)) ms\n"
        FileHandle.standardError.write(Data(line.utf8))
        return Figures(clients: clients, runs: runs)
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
        // Each client its share of the dialogs (see `partition`), in batches of its own events.
        let (reference, shares) = Self.partition(lines, clients: clients)
        var bodies: [[[UInt8]]] = []
        for share in shares {
            var requests: [[UInt8]] = []
            for start in stride(from: 0, to: share.count, by: batch) {
                var body: [UInt8] = []
                for index in share[start..<min(start + batch, share.count)] {
                    body += lines[index]
                    body.append(10)
                }
                requests.append(body)
            }
            bodies.append(requests)
        }
        var prefixBody: [UInt8] = []
        for line in reference {
            prefixBody += line
            prefixBody.append(10)
        }
        let token = "bench-\(UInt64.random(in: 0...UInt64.max))"
        var configuration = IngestServerConfiguration(databaseURL: schema.url, token: token)
        configuration.port = 0
        let server = IngestServer(configuration: configuration, logger: logger)
        let measured = BenchOutcome()
        let requests = bodies
        let setup = prefixBody
        try Self.waitFor {
            // Once the ingester is connected, so that the clock measures ingestion only.
            let (port, serverTask) = try await Self.startUntilReady(server)
            let headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/x-ndjson")]
            let started = ContinuousClock.now
            if !setup.isEmpty {
                try await WebhookClient.withConnection(host: "127.0.0.1", port: port) { client in
                    let answer = try await client.send(.POST, "/v1/events", headers: headers, body: setup)
                    guard answer.status == 200 else {
                        throw fail("the server answered \(answer.status): \(answer.text)")
                    }
                }
            }
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for share in requests {
                    group.addTask {
                        do {
                            return try await WebhookSender.post(
                                share,
                                to: "/v1/events",
                                host: "127.0.0.1",
                                port: port,
                                headers: headers
                            )
                        } catch let failure as WebhookSender.Failure {
                            throw fail(failure.description)
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
        }
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
            outcome: "accepted \(counts.accepted), refused \(counts.refused)"
                + (counts.refused > 0 ? " (\(try schema.refusalCodes()))" : "")
        )
    }

    /// Seconds from starting a server on the schema as it is to its `/healthz` answering 200
    /// (connected, ingestion lock taken, state restored).
    static func readyTime(schema: ServeBenchmarkSchema, logger: Logger) throws -> Double {
        var configuration = IngestServerConfiguration(databaseURL: schema.url, token: "bench")
        configuration.port = 0
        let server = IngestServer(configuration: configuration, logger: logger)
        let measured = BenchOutcome()
        try Self.waitFor {
            let started = ContinuousClock.now
            let (_, serverTask) = try await Self.startUntilReady(server)
            measured.seconds = (ContinuousClock.now - started).seconds
            await server.shutdown()
            try await serverTask.value
        }
        return measured.seconds
    }

    /// Runs `body` on the concurrency runtime and waits for its end (the command is synchronous).
    static func waitFor(_ body: @escaping @Sendable () async throws -> Void) throws {
        let outcome = BenchOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await body()
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// Runs `server` on its free port until `/healthz` answers 200 (the database connected).
    ///
    /// - Returns: the port, and the task running the server.
    static func startUntilReady(_ server: IngestServer) async throws -> (port: Int, task: Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let serverTask = Task { try await server.run { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw fail("the server did not start") }
        try await WebhookClient.withConnection(host: "127.0.0.1", port: port) { client in
            while try await client.send(.GET, "/healthz").status != 200 {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        return (port, serverTask)
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

    /// The lines as webhook senders deliver them: first, in one request, the reference data (the
    /// lines that name no dialog, order, customer or task: stores, channels, users, bots, settings,
    /// quick replies, clock ticks), stamped with the stream's first instant, as a CRM is set up
    /// before its chats; then each client the events of its share of the dialogs, in file order,
    /// one request after the other.
    ///
    /// A dialog's messages, statuses, assignments and orders go to one client, so they arrive in
    /// order, as a messenger delivers one conversation's events in order; dialogs run concurrently.
    /// A customer's and an order's events go with the dialog that first named them, or by their
    /// own key when none did. Without the reference data first, a user created in the middle of
    /// the stream reaches the server after the assignments that name it, and everything that
    /// follows in those dialogs is refused.
    /// - Returns: the reference lines as sent, and each client's line indexes.
    static func partition(_ lines: [[UInt8]], clients: Int) -> (reference: [[UInt8]], shares: [[Int]]) {
        let decoder = EventDecoder()
        var messageDialog: [String: String] = [:]
        var owner: [String: Int] = [:]
        var shares = Array(repeating: [Int](), count: max(1, clients))
        var reference: [[UInt8]] = []
        let first = lines.first.flatMap { Self.instantText(in: $0) } ?? []
        var knownCustomers: Set<CustomerID> = []
        for (index, line) in lines.enumerated() {
            var keys: [String] = []
            let decoded = decoder.decode(line)
            if case .success(let event) = decoded {
                keys = Self.orderingKeys(event.payload, messageDialog: &messageDialog)
            }
            // A customer's first record is reference data too: the CRM had it before the chat
            // that links it (a link that overtakes it is refused).
            let firstCustomerRecord: Bool
            if case .success(let event) = decoded,
                case .customerUpserted(let customer, _, _, _, _, _, _) = event.payload
            {
                firstCustomerRecord = owner["c:" + customer.rawValue] == nil && knownCustomers.insert(customer).inserted
            } else {
                firstCustomerRecord = false
            }
            if keys.isEmpty || firstCustomerRecord {
                reference.append(Self.restamped(line, at: first))
                continue
            }
            // The first key already owned decides; otherwise the first key's hash.
            let client =
                keys.lazy.compactMap { owner[$0] }.first
                ?? Int(UInt(bitPattern: Self.stableHash(keys[0])) % UInt(shares.count))
            for key in keys where owner[key] == nil { owner[key] = client }
            shares[client].append(index)
        }
        return (reference, shares)
    }

    private static let atKey = Array(#""at":""#.utf8)

    /// The bytes of the line's `"at"` value (without the quotes), if it has one.
    static func instantText(in line: [UInt8]) -> [UInt8]? {
        guard let range = Self.atValueRange(in: line) else { return nil }
        return Array(line[range])
    }

    /// `line` with its `"at"` value replaced by `at`.
    static func restamped(_ line: [UInt8], at: [UInt8]) -> [UInt8] {
        guard !at.isEmpty, let range = Self.atValueRange(in: line) else { return line }
        var copy = line
        copy.replaceSubrange(range, with: at)
        return copy
    }

    private static func atValueRange(in line: [UInt8]) -> Range<Int>? {
        let key = Self.atKey
        guard line.count > key.count else { return nil }
        for start in 0...(line.count - key.count) where line[start] == key[0] {
            guard line[start..<start + key.count].elementsEqual(key) else { continue }
            let valueStart = start + key.count
            guard let end = line[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return valueStart..<end
        }
        return nil
    }

    /// FNV-1a of the key's bytes: the same partition on every run (Swift's `hashValue` is seeded).
    static func stableHash(_ key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(bitPattern: UInt(hash))
    }

    /// The dialogs, orders, customers and tasks an event names (empty for the ones that name none).
    static func orderingKeys(_ payload: EventPayload, messageDialog: inout [String: String]) -> [String] {
        switch payload {
        case .customerUpserted(let customer, _, _, _, _, _, _):
            return ["c:" + customer.rawValue]
        case .customerMerged(_, let customer, let into):
            return ["c:" + customer.rawValue, "c:" + into.rawValue]
        case .messageReceived(let dialog, _, _, let message, _, _, _),
            .messageSent(let dialog, let message, _, _, _, _, _):
            messageDialog[message.rawValue] = dialog.rawValue
            return ["d:" + dialog.rawValue]
        case .messageStatus(let message, _, _), .messageEdited(let message, _):
            return ["d:" + (messageDialog[message.rawValue] ?? "m:" + message.rawValue)]
        case .privacyAccepted(let dialog), .dialogAssigned(let dialog, _, _), .dialogClosed(let dialog, _),
            .contactBlockedBot(let dialog), .draftSaved(let dialog, _, _):
            return ["d:" + dialog.rawValue]
        case .dialogLinked(let dialog, let customer, _):
            return ["d:" + dialog.rawValue, "c:" + customer.rawValue]
        case .orderCreated(let order, _, let dialog, let customer, _, _, _):
            return ["o:" + order.rawValue] + (dialog.map { ["d:" + $0.rawValue] } ?? [])
                + (customer.map { ["c:" + $0.rawValue] } ?? [])
        case .orderStatus(let order, _, _), .orderPayment(let order, _, _, _, _):
            return ["o:" + order.rawValue]
        case .taskCreated(let task, _, _, _, _, let subject):
            switch subject {
            case .order(let order)?: return ["t:" + task.rawValue, "o:" + order.rawValue]
            case .customer(let customer)?: return ["t:" + task.rawValue, "c:" + customer.rawValue]
            case nil: return ["t:" + task.rawValue]
            }
        case .taskCompleted(let task, _):
            return ["t:" + task.rawValue]
        case .internalMessage(let thread, _, _, _, _):
            return ["d:" + thread.rawValue]
        default:
            return []
        }
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

/// What the measuring task hands back to the command.
private final class BenchOutcome: @unchecked Sendable {
    var seconds = 0.0
    var latencies: [Double] = []
    var groups = ""
    var error: (any Error)?
}

import ChatStore
import EventGenerator
import Foundation
import IngestServer
import Logging
import NIOHTTP1
import PostgresClient
import TestSupport

/// An `IngestServer` running in the test process on a free loopback port, against a real database.
final class RunningServer: Sendable {
    static let token = "test-token-0123456789abcdef"
    let server: IngestServer
    let port: Int
    private let task: Task<Void, any Error>

    /// Starts a server on 127.0.0.1, port 0 (a free one), and waits until it listens.
    static func start(
        databaseURL: String,
        configure: (inout IngestServerConfiguration) -> Void = { _ in }
    ) async throws -> RunningServer {
        var configuration = IngestServerConfiguration(databaseURL: databaseURL, token: token)
        configuration.port = 0
        configuration.reconnectInterval = .milliseconds(100)
        configuration.pingInterval = .milliseconds(200)
        configure(&configuration)
        let server = IngestServer(configuration: configuration, logger: quietLogger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // The stream ends with the task, so a server that fails before listening is not waited on forever.
        let task = Task {
            defer { continuation.finish() }
            try await server.run { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw TestFailure("the server did not start")
        }
        return RunningServer(server: server, port: port, task: task)
    }

    private init(server: IngestServer, port: Int, task: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.task = task
    }

    /// Stops as SIGTERM would and waits for the end.
    func stop() async throws {
        await server.shutdown()
        try await task.value
    }

    /// One request on a new connection.
    func send(
        _ method: HTTPMethodName = .post,
        _ path: String = "/v1/events",
        token: String? = RunningServer.token,
        body: [UInt8] = []
    ) async throws -> WebhookClient.Answer {
        try await WebhookClient.withConnection(host: "127.0.0.1", port: port) { client in
            try await client.send(
                method.nio,
                path,
                headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [],
                body: body
            )
        }
    }

    /// Waits until the metric named `name` (without labels) shows `value` (at most 20 s).
    func waitForMetric(_ name: String, equal value: Double) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        var last = -1.0
        while ContinuousClock.now < deadline {
            let text = try await send(.get, "/metrics").text
            last = ServeEventsTests.metric(text, name + " ")
            if last == value { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestFailure("\(name) stayed at \(last), expected \(value)")
    }

    /// Waits until `/healthz` answers `status` (at most `seconds`).
    func waitForHealth(_ status: Int, seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if (try? await send(.get, "/healthz", token: nil).status) == status { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("/healthz did not answer \(status) within \(seconds) s")
    }
}

/// Waits until `condition` holds (checked every 5 ms); throws naming `what` after `seconds`, so a
/// server that never gets there fails the test instead of stalling the suite.
func waitUntil(_ what: String, seconds: Int = 120, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("not within \(seconds) s: \(what)") }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// GET or POST (the client takes NIO's method type; tests name them plainly).
enum HTTPMethodName {
    case get, post
}

extension HTTPMethodName {
    var nio: HTTPMethod { self == .get ? .GET : .POST }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let quietLogger = Logger(label: "chatsla.serve.test") { _ in SwiftLogNoOpLogHandler() }

/// One event a line, as bytes with a final newline.
func jsonLines(_ lines: [String]) -> [UInt8] {
    Array((lines.joined(separator: "\n") + "\n").utf8)
}

/// The lines of a generated stream (deterministic for the seed).
func generatedLines(dialogs: Int, seed: UInt64 = 7) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    EventGenerator(configuration: GeneratorConfiguration(dialogs: dialogs, seed: seed)).forEachLine { line in
        lines.append(Array(line))
    }
    return lines
}

/// Lines joined into one JSON Lines body.
func body(_ lines: some Collection<[UInt8]>) -> [UInt8] {
    var bytes: [UInt8] = []
    for line in lines {
        bytes += line
        bytes.append(10)
    }
    return bytes
}

/// The decoded answer of `POST /v1/events`.
struct EventsAnswer: Decodable {
    struct Result: Decodable {
        var line: Int
        var id: String?
        var outcome: String
        var code: String?
        var message: String?
    }
    var request: String
    var accepted: Int
    var duplicate: Int
    var rejected: Int
    var results: [Result]

    init(_ answer: WebhookClient.Answer) throws {
        guard answer.status == 200 else { throw TestFailure("status \(answer.status): \(answer.text)") }
        self = try JSONDecoder().decode(EventsAnswer.self, from: Data(answer.body))
    }
}

/// Reads from a database with a short-lived connection.
func queryRows(_ url: String, _ sql: String) throws -> [[String?]] {
    let connection = try PostgresConnection(url: url)
    defer { connection.close() }
    let rows = try connection.query(PostgresQuery(sql: sql))
    return (0..<rows.count).map { row in (0..<rows.columnCount).map { rows[row, $0] } }
}

/// Ingests `bytes` as `chatsla ingest` does (a file descriptor through the Ingester).
@discardableResult
func ingestFile(_ url: String, bytes: [UInt8], batchSize: Int = 20_000) throws -> IngestSummary {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).jsonl").path
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let descriptor = open(path, O_RDONLY)
    defer { close(descriptor) }
    let connection = try PostgresConnection(url: url)
    defer { connection.close() }
    let ingester = try Ingester(connection: connection, logger: quietLogger, batchSize: batchSize)
    return try ingester.ingest(source: path, descriptor: descriptor)
}

/// What ingestion stored (ids, seqs, outcomes, content digests, rejected lines), in ingestion order: equal for two databases that ingested the same events in the same order.
func ledgerDigest(_ url: String) throws -> [String?] {
    try queryRows(
        url,
        """
        SELECT count(*), md5(coalesce(string_agg(event_id || ' ' || seq || ' ' || accepted || ' ' || encode(digest, 'hex'), E'\\n'
               ORDER BY seq), '')),
               (SELECT count(*) FROM rejected_events),
               (SELECT md5(coalesce(string_agg(seq || ' ' || code || ' ' || raw_line, E'\\n' ORDER BY seq), ''))
                FROM rejected_events)
        FROM ingested_events
        """
    )[0]
}

import Foundation
import IngestServer
import PostgresClient
import TestSupport
import Testing

/// `WebhookSender`, the bench's event-loop-driven client, against a real server and database.
@Suite(.timeLimit(.minutes(5))) struct WebhookSenderTests {
    private static let headers = [
        ("Authorization", "Bearer \(RunningServer.token)"), ("Content-Type", "application/x-ndjson"),
    ]

    @Test func everyBodyIsPostedInOrderAndTimed() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url)
        let lines = generatedLines(dialogs: 20)
        // One event a request, in the stream's order: every line is applied as a file would be.
        let bodies = lines.map { body([$0]) }
        let latencies = try await WebhookSender.post(
            bodies,
            to: "/v1/events",
            host: "127.0.0.1",
            port: server.port,
            headers: Self.headers
        )
        #expect(latencies.count == bodies.count)
        #expect(latencies.allSatisfy { $0 > 0 })
        let stored = try queryRows(database.url, "SELECT count(*) FROM ingested_events")
        #expect(stored == [["\(lines.count)"]])
        try await server.stop()
    }

    @Test func anAnswerOtherThan200EndsTheRunWithTheServersWords() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url)
        let error = try await #require(throws: WebhookSender.Failure.self) {
            try await WebhookSender.post(
                [jsonLines([])] + [jsonLines([])],
                to: "/v1/events",
                host: "127.0.0.1",
                port: server.port,
                headers: [("Authorization", "Bearer wrong")]
            )
        }
        #expect(error.description.hasPrefix("the server answered 401: "))
        #expect(error.description.contains("bearer token"))
        try await server.stop()
    }

    @Test func aServerThatIsNotThereIsAnErrorNotAHang() async throws {
        // Port 1 has no listener: the connection is refused at once.
        await #expect(throws: (any Error).self) {
            try await WebhookSender.post([jsonLines([])], to: "/v1/events", host: "127.0.0.1", port: 1, headers: [])
        }
    }
}

import ChatStore
import Foundation
import IngestServer
import PostgresClient
import ReportRuns
import SLAAnalytics
import TestSupport
import Testing

/// `chatsla serve` on a real loopback port against a real PostgreSQL: authentication, outcomes,
/// idempotency, bad input, limits, group commit, and equality with a file ingest.
@Suite(.timeLimit(.minutes(10))) struct ServeEventsTests {
    /// A small directory and one conversation, hand-written so that every outcome is known.
    private static let directory = [
        #"{"id":"e1","type":"store.upserted","at":"2026-01-05T10:00:01+00:00","store":"s1","name":"Main"}"#,
        #"{"id":"e2","type":"channel.upserted","at":"2026-01-05T10:00:02+00:00","channel":"ch1","name":"Telegram","kind":"telegram","store":"s1"}"#,
        #"{"id":"e3","type":"user.upserted","at":"2026-01-05T10:00:03+00:00","user":"chadm","name":"Chat admin","chat_access":true,"admin":false,"chat_admin":true,"active":true}"#,
        #"{"id":"e4","type":"user.upserted","at":"2026-01-05T10:00:04+00:00","user":"m1","name":"Manager","chat_access":true,"admin":false,"chat_admin":false,"active":true}"#,
    ]
    /// Refused by the rules: a manager (not a chat admin) may not edit quick replies.
    private static let refused =
        #"{"id":"e5","type":"quick_reply.upserted","at":"2026-01-05T10:00:05+00:00","quick_reply":"q1","by":{"user":"m1"},"command":"/hi","text":"Hi","category":null}"#

    @Test func requestsWithoutOrWithAWrongTokenAreRefusedAndTheRightOneIsServed() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url)
        let events = jsonLines(Self.directory)

        let none = try await server.send(token: nil, body: events)
        #expect(none.status == 401)
        #expect(none.header("WWW-Authenticate") == "Bearer realm=\"chatsla\"")
        #expect(none.text.contains("bearer token"))
        let wrong = try await server.send(token: RunningServer.token + "x", body: events)
        #expect(wrong.status == 401)
        let prefix = try await server.send(token: String(RunningServer.token.dropLast()), body: events)
        #expect(prefix.status == 401)
        #expect(try queryRows(database.url, "SELECT count(*) FROM ingested_events") == [["0"]])
        #expect(try await server.send(.get, "/metrics", token: nil).status == 401)

        let right = try EventsAnswer(try await server.send(body: events))
        #expect(right.accepted == 4)
        #expect(try queryRows(database.url, "SELECT count(*) FROM ingested_events") == [["4"]])
        // /healthz needs no token; /metrics does.
        #expect(try await server.send(.get, "/healthz", token: nil).status == 200)
        let metrics = try await server.send(.get, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"chatsla_serve_events_total{outcome="accepted",code=""} 4"#))
        #expect(
            metrics.text.contains(#"chatsla_serve_request_duration_seconds_count{route="/v1/events",status="401"} 3"#)
        )
        try await server.stop()
    }

    @Test func aBatchIsAnsweredWithEachLinesOutcomeInRequestOrderAndARetryIsAllDuplicates() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url)
        let lines = Self.directory + [Self.refused, Self.directory[1], "not json", ""]
        let first = try EventsAnswer(try await server.send(body: jsonLines(lines)))
        #expect((first.accepted, first.duplicate, first.rejected) == (4, 1, 2))
        #expect(first.results.map(\.line) == [1, 2, 3, 4, 5, 6, 7])  // the blank line 8 is skipped
        #expect(first.results.map(\.id) == ["e1", "e2", "e3", "e4", "e5", "e2", nil])
        #expect(
            first.results.map(\.outcome) == [
                "accepted", "accepted", "accepted", "accepted", "rejected", "duplicate", "rejected",
            ]
        )
        #expect(first.results.map(\.code) == [nil, nil, nil, nil, "not_chat_admin", nil, "invalid_event"])
        #expect(first.results[4].message?.isEmpty == false)
        #expect(first.request.hasPrefix("POST /v1/events #"))

        // The same request again (a webhook retry): nothing new, the bad line reported again.
        let before = try ledgerDigest(database.url)
        let retry = try EventsAnswer(try await server.send(body: jsonLines(lines)))
        #expect((retry.accepted, retry.duplicate, retry.rejected) == (0, 6, 1))
        #expect(retry.results.map(\.outcome) == Array(repeating: "duplicate", count: 6) + ["rejected"])
        #expect(try ledgerDigest(database.url) == before)
        try await server.stop()
    }

    @Test func badLinesAreRejectedWithCodesAndKeptWithTheirRequestClientAndLine() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url)
        var bytes = jsonLines(Self.directory)
        // Not UTF-8, no instant, an unknown type, U+0000, cut short, neither.
        bytes += Array(#"{"id":"b1","type":"store.upserted","name":""#.utf8) + [0xC3, 0x28, 0x22, 0x7D, 10]
        bytes += Array(#"{"id":"b2","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","name":"S"}"#.utf8) + [10]
        bytes += Array(#"{"id":"b3","type":"store.moved","at":"2026-01-05T10:00:00+00:00"}"#.utf8) + [10]
        bytes += Array(
            #"{"id":"b4","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","store":"s\u0000","name":"S"}"#.utf8
        )
        bytes += [10] + Array("{\"id\":".utf8) + [10] + [0xFF, 0xFE, 10]
        let answer = try EventsAnswer(try await server.send(body: bytes))
        #expect(answer.accepted == 4)
        let rejected = answer.results.filter { $0.outcome == "rejected" }
        #expect(rejected.map(\.line) == [5, 6, 7, 8, 9, 10])
        #expect(rejected.map(\.code) == Array(repeating: "invalid_event", count: 6))
        #expect(rejected.map(\.id) == [nil, "b2", "b3", "b4", nil, nil])  // no id is read from a line that is not UTF-8
        #expect(rejected.allSatisfy { ($0.message ?? "").count > 10 })

        let stored = try queryRows(
            database.url,
            "SELECT line_number, code, source FROM rejected_events ORDER BY line_number"
        )
        #expect(stored.map { $0[0] } == ["5", "6", "7", "8", "9", "10"])
        #expect(stored.map { $0[1] } == rejected.map(\.code))
        // The source names the request, the client's address and port, and the time.
        #expect(stored.allSatisfy { $0[2] == answer.request })
        #expect(answer.request.contains(" from 127.0.0.1:"))

        // A JSON array body: each element is a "line"; a malformed array is one clear 400.
        let array = try EventsAnswer(
            try await server.send(body: Array(("[" + Self.directory.joined(separator: ",\n ") + ", 7]").utf8))
        )
        #expect(array.results.map(\.outcome) == ["duplicate", "duplicate", "duplicate", "duplicate", "rejected"])
        #expect(array.results.map(\.line) == [1, 2, 3, 4, 5])
        let broken = try await server.send(body: Array(("[" + Self.directory[0]).utf8))
        #expect(broken.status == 400)
        #expect(broken.text.contains("ends before its closing ]"))
        try await server.stop()
    }

    @Test func anIngestStartedWhileServeRunsFailsNamingTheServerAndOtherDatabasesAreFree() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url) {
            $0.sessionName = "chatsla serve on 127.0.0.1:0 (pid 4242)"
        }
        try await server.waitForHealth(200)
        let connection = try database.connect()
        defer { connection.close() }
        let refusal = #expect(throws: StoreError.self) { try Ingester(connection: connection, logger: quietLogger) }
        #expect(refusal?.description.contains("held by chatsla serve on 127.0.0.1:0 (pid 4242)") == true)
        #expect(refusal?.description.contains("post the events to that server") == true)
        #expect(refusal?.code == .lockHeld)
        #expect(refusal?.lockHolder?.isServer == true)
        // The lock is per database: another database ingests meanwhile.
        let other = try TestServer.shared.makeDatabase()
        #expect(try ingestFile(other.url, bytes: jsonLines(Self.directory)).accepted == 4)
        try await server.stop()
    }

    @Test func aBodyOverTheLimitIsAnswered413AndNothingOfItIsKept() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url) { $0.maxBodyBytes = 1_000 }
        let small = jsonLines(Array(Self.directory.prefix(2)))
        #expect(small.count <= 1_000)
        let large = jsonLines(Self.directory + Self.directory.map { $0.replacingOccurrences(of: "\"e", with: "\"x") })
        #expect(large.count > 1_000)
        let answer = try await server.send(body: large)
        #expect(answer.status == 413)
        #expect(answer.text.contains("limit of 1000 bytes"))
        #expect(try queryRows(database.url, "SELECT count(*) FROM ingested_events") == [["0"]])
        #expect(try EventsAnswer(try await server.send(body: small)).accepted == 2)
        try await server.stop()
    }

    /// A `store.upserted` line.
    static func store(_ id: String, _ name: String) -> String {
        #"{"id":"\#(id)","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","store":"\#(id)","name":"\#(name)"}"#
    }

    /// A constraint that makes the database refuse a store named `Poison` (a line the decoder
    /// cannot see is wrong).
    static let poison = "ALTER TABLE stores ADD CONSTRAINT poison CHECK (name <> 'Poison')"

    /// Posts `requests` in order while the ingester's first transaction is held (a test session
    /// locks `ingest_state`, which every commit updates): each request is sent once the one
    /// before is in hand, so the later ones wait in the queue. `beforeRelease` runs while the
    /// lock is still held; then it is released.
    /// - Returns: each request's answer, by index.
    static func postWhileTheFirstIsHeld(
        _ requests: [[String]],
        to server: RunningServer,
        database url: String,
        beforeRelease: () async throws -> Void = {}
    ) async throws -> [Int: EventsAnswer] {
        let blocker = try PostgresConnection(url: url)
        defer { blocker.close() }
        try blocker.execute(script: "BEGIN; LOCK TABLE ingest_state IN ACCESS EXCLUSIVE MODE")
        return try await withThrowingTaskGroup(of: (Int, EventsAnswer).self) { group in
            for (index, lines) in requests.enumerated() {
                group.addTask { (index, try EventsAnswer(try await server.send(body: jsonLines(lines)))) }
                try await server.waitForMetric("chatsla_serve_requests_in_hand", equal: Double(index + 1))
            }
            try await beforeRelease()
            try blocker.execute(script: "COMMIT")
            var answers: [Int: EventsAnswer] = [:]
            for try await (index, answer) in group { answers[index] = answer }
            return answers
        }
    }

    @Test func requestsArrivingWhileATransactionRunsAreCommittedTogetherInArrivalOrder() async throws {
        let database = try TestServer.shared.makeDatabase()
        let server = try await RunningServer.start(databaseURL: database.url) { $0.queueLines = 20 }
        try await server.waitForHealth(200)
        // The ingester's first transaction is held: requests that arrive meanwhile wait in the queue.
        let stores = (1...21).map {
            #"{"id":"s\#($0)","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","store":"st\#($0)","name":"Store \#($0)"}"#
        }
        let answers = try await Self.postWhileTheFirstIsHeld(stores.map { [$0] }, to: server, database: database.url) {
            // The queue is full (20 lines waiting): one more is answered 503 with Retry-After.
            let full = try await server.send(body: jsonLines([Self.directory[0]]))
            #expect(full.status == 503)
            #expect(full.header("Retry-After") == "1")
            #expect(full.text.contains("queue is full"))
        }
        #expect(answers.values.allSatisfy { $0.accepted == 1 })
        // Applied in arrival order: the ledger's sequence follows the order the requests were sent.
        let order = try queryRows(database.url, "SELECT event_id FROM ingested_events ORDER BY seq").map { $0[0] ?? "" }
        #expect(order == (1...21).map { "s\($0)" })
        // Group commit: the first request alone, then the 20 that waited in ONE transaction.
        let metrics = try await server.send(.get, "/metrics").text
        #expect(Self.metric(metrics, "chatsla_serve_batch_requests_count") == 2)
        #expect(Self.metric(metrics, #"chatsla_serve_batch_requests_bucket{le="16.0"}"#) == 1)
        #expect(Self.metric(metrics, #"chatsla_serve_batch_requests_bucket{le="32.0"}"#) == 2)
        #expect(Self.metric(metrics, "chatsla_serve_queue_requests") == 0)
        #expect(Self.metric(metrics, "chatsla_serve_requests_in_hand") == 0)
        try await server.stop()
    }

    /// A line the database refuses (a case nobody foresaw, simulated by a CHECK constraint the
    /// test adds) in one request of a group: that line alone is rejected `invalid_event` (stage
    /// `database`), every other line of its request and of the other requests of the same
    /// transaction is kept, as a file ingest of the same lines does.
    @Test func aLineTheDatabaseRefusesInOneRequestOfAGroupFailsNoOtherRequest() async throws {
        let database = try TestServer.shared.makeDatabase()
        _ = try queryRows(database.url, Self.poison)
        let server = try await RunningServer.start(databaseURL: database.url)
        try await server.waitForHealth(200)
        // The first request's transaction is held (a test session locks ingest_state), so the next
        // three wait in the queue and are committed together.
        let requests = [
            Self.directory,
            [Self.store("sa", "A")],
            [Self.store("sb", "B"), Self.store("sp", "Poison"), Self.store("sc", "C")],
            [Self.store("sd", "D")],
        ]
        let answers = try await Self.postWhileTheFirstIsHeld(requests, to: server, database: database.url)
        #expect(answers[0]?.accepted == 4)
        #expect(answers[1]?.results.map(\.outcome) == ["accepted"])
        #expect(answers[2]?.results.map(\.outcome) == ["accepted", "rejected", "accepted"])
        #expect(answers[2]?.results[1].code == "invalid_event")
        #expect(answers[2]?.results[1].id == "sp")
        #expect(
            answers[2]?.results[1].message
                == #"the database refused this line: new row for relation "stores" violates check constraint "poison" (SQLSTATE 23514)"#
        )
        #expect(answers[3]?.results.map(\.outcome) == ["accepted"])
        let metrics = try await server.send(.get, "/metrics").text
        #expect(Self.metric(metrics, "chatsla_serve_batch_requests_count") == 2)
        #expect(Self.metric(metrics, #"chatsla_serve_batch_requests_bucket{le="1.0"}"#) == 1)
        try await server.stop()

        let stored = try queryRows(database.url, "SELECT code, stage, line_number, source FROM rejected_events")
        #expect(stored.map { Array($0.prefix(3)) } == [["invalid_event", "database", "2"]])
        #expect(stored.first?[3] == answers[2]?.request)
        #expect(
            try queryRows(database.url, "SELECT store_id FROM stores ORDER BY store_id").map { $0[0] }
                == ["s1", "sa", "sb", "sc", "sd"]
        )
        // The same lines from a file: the same ledger, the same rejected line.
        let file = try TestServer.shared.makeDatabase()
        _ = try queryRows(file.url, Self.poison)
        let summary = try ingestFile(file.url, bytes: jsonLines(requests.flatMap { $0 }))
        #expect((summary.accepted, summary.rejected) == (8, 1))
        #expect(try ledgerDigest(database.url) == ledgerDigest(file.url))
    }

    /// The next group is applied while the one before it is written; when the database refuses
    /// that one for its data, it is written again line by line and the next group applied again.
    @Test func aGroupAppliedWhileTheOneBeforeIsRefusedIsAppliedAgainAndNothingElseChanges() async throws {
        let database = try TestServer.shared.makeDatabase()
        _ = try queryRows(database.url, Self.poison)
        // Groups of at most 3 lines, and every queued group applied while the one before is written.
        let server = try await RunningServer.start(databaseURL: database.url) {
            $0.groupLines = 3
            $0.overlapLines = 1
        }
        try await server.waitForHealth(200)
        let requests = [
            [Self.store("s0", "Zero")],
            [Self.store("sa", "A")],
            [Self.store("sb", "B"), Self.store("sp", "Poison"), Self.store("sc", "C")],
            [Self.store("sd", "D"), Self.store("sa", "A")],
            [Self.store("se", "E")],
        ]
        let answers = try await Self.postWhileTheFirstIsHeld(requests, to: server, database: database.url)
        #expect(answers[0]?.results.map(\.outcome) == ["accepted"])
        #expect(answers[1]?.results.map(\.outcome) == ["accepted"])
        #expect(answers[2]?.results.map(\.outcome) == ["accepted", "rejected", "accepted"])
        #expect(answers[2]?.results[1].code == "invalid_event")
        #expect(answers[3]?.results.map(\.outcome) == ["accepted", "duplicate"])
        #expect(answers[4]?.results.map(\.outcome) == ["accepted"])
        try await server.stop()
        #expect(
            try queryRows(database.url, "SELECT store_id FROM stores ORDER BY store_id").map { $0[0] }
                == ["s0", "sa", "sb", "sc", "sd", "se"]
        )
        // The same lines from a file: the same ledger, the same rejected line.
        let file = try TestServer.shared.makeDatabase()
        _ = try queryRows(file.url, Self.poison)
        let summary = try ingestFile(file.url, bytes: jsonLines(requests.flatMap { $0 }))
        #expect((summary.accepted, summary.duplicates, summary.rejected) == (6, 1, 1))
        #expect(try ledgerDigest(database.url) == ledgerDigest(file.url))
    }

    @Test func theReportOfEventsReceivedByServeEqualsTheReportOfTheSameEventsIngestedFromAFile() async throws {
        let lines = generatedLines(dialogs: 80, seed: 11)
        let file = try TestServer.shared.makeDatabase()
        try ingestFile(file.url, bytes: body(lines))

        // The first quarter from a file, then webhook-sized requests of 1 to 97 events in the
        // stream's order, to one server and then to another (each loads on demand what the
        // requests reach of what it did not write itself). Every seventh request holds 300
        // events: the server's look-ups switch from prepared statements with generic plans (groups
        // of at most Ingester.preparedGroupLines) to custom plans and back.
        let served = try TestServer.shared.makeDatabase()
        var index = lines.count / 4
        try ingestFile(served.url, bytes: body(lines[..<index]))
        var size = 1
        var requests = 0
        for end in [lines.count * 5 / 8, lines.count] {
            let server = try await RunningServer.start(databaseURL: served.url)
            // The former server's session may hold the ingestion lock a moment longer.
            try await server.waitForHealth(200)
            try await WebhookClient.withConnection(host: "127.0.0.1", port: server.port) { client in
                while index < end {
                    let piece = lines[index..<min(index + (requests % 7 == 6 ? 300 : size), end)]
                    let answer = try EventsAnswer(
                        try await client.send(
                            .POST,
                            "/v1/events",
                            headers: [("Authorization", "Bearer \(RunningServer.token)")],
                            body: body(piece)
                        )
                    )
                    #expect(answer.results.count == piece.count)
                    index += piece.count
                    size = size % 97 + 8
                    requests += 1
                }
            }
            try await server.stop()
        }
        #expect(requests > 20)
        #expect(try ledgerDigest(served.url) == ledgerDigest(file.url))

        let end = LocalDate(year: 2026, month: 11, day: 1)
        let parameters = ReportParameters(
            from: end.adding(days: -30),
            to: end.adding(days: -1),
            timeZone: .utc,
            asOf: 1_793_491_200_000_000
        )
        let fromFile = try ReportPipeline(url: file.url, workers: 2).run(parameters)
        let fromServer = try ReportPipeline(url: served.url, workers: 2).run(parameters)
        #expect(fromServer.report == fromFile.report)
        #expect(fromFile.report.channels.isEmpty == false)
    }

    static func metric(_ text: String, _ prefix: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            return Double(line.split(separator: " ").last ?? "") ?? -1
        }
        return -1
    }
}

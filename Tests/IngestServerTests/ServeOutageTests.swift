import ChatStore
import ChildProcesses
import EmbeddedPostgres
import Foundation
import IngestServer
import PostgresClient
import ReportRuns
import SLAAnalytics
import TestSupport
import Testing

/// The database going away under load, and the server stopped by SIGTERM under load.
@Suite(.timeLimit(.minutes(10))) struct ServeOutageTests {
    /// Counts shared between the load's tasks and the test.
    actor Progress {
        var committedLines = 0
        var unavailable = 0
        var duplicatesSeen = 0
        var answeredIDs: [String] = []
        var failedRequests = 0
        /// Batches of the ordered stream answered 200.
        var streamBatches = 0
        func streamed() { streamBatches += 1 }
        func committed(_ answer: EventsAnswer) {
            committedLines += answer.results.count
            duplicatesSeen += answer.duplicate
            answeredIDs += answer.results.compactMap(\.id)
        }
        func sawUnavailable() { unavailable += 1 }
        func failed() { failedRequests += 1 }
    }

    @Test func theDatabaseStoppedUnderLoadAndRestartedLosesAndDoublesNothing() async throws {
        // A cluster of the test's own: stopping the shared one would break the other tests.
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("chatsla-outage-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let cluster = LocalCluster(home: home, durable: false)
        try cluster.start()
        defer { try? cluster.destroy() }
        let setup = try PostgresConnection(url: cluster.url)
        try Migrator().migrate(setup)
        setup.close()

        let lines = generatedLines(dialogs: 60, seed: 5)
        let file = try TestServer.shared.makeDatabase()
        try ingestFile(file.url, bytes: body(lines))

        let server = try await RunningServer.start(databaseURL: cluster.url)
        let progress = Progress()
        let batches = stride(from: 0, to: lines.count, by: 25).map { Array(lines[$0..<min($0 + 25, lines.count)]) }
        // The ordered stream: one client, each batch sent until it is answered 200 (as a webhook
        // sender retries), so the events are applied in the file's order.
        let giveUp = ContinuousClock.now + .seconds(300)
        let loader = Task {
            for batch in batches {
                while true {
                    guard ContinuousClock.now < giveUp else {
                        throw TestFailure("the stream was not committed within 300 s")
                    }
                    let answer = try? await server.send(body: body(batch))
                    if let answer, answer.status == 200 {
                        await progress.committed(try EventsAnswer(answer))
                        await progress.streamed()
                        break
                    }
                    if answer?.status == 503 {
                        #expect(answer?.header("Retry-After") == "1")
                        await progress.sawUnavailable()
                    } else {
                        await progress.failed()
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
        // Load beside it: three clients re-sending batches already answered (harmless duplicates).
        let resenders = (0..<3).map { client in
            Task {
                var round = client
                while ContinuousClock.now < giveUp, await progress.streamBatches < batches.count {
                    let done = await progress.streamBatches
                    if done > 0 {
                        let answer = try? await server.send(body: body(batches[round % done]))
                        if answer?.status == 200, let answer { await progress.committed(try EventsAnswer(answer)) }
                    }
                    round += 1
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
        }

        // A third of the way through, the database goes away as in a crash, then comes back.
        try await waitUntil("a third of the stream committed") { await progress.streamBatches >= batches.count / 3 }
        try cluster.stop(immediately: true)
        try await server.waitForHealth(503)
        try await waitUntil("three requests answered 503") { await progress.unavailable >= 3 }
        let committedWhileDown = await progress.streamBatches
        try cluster.start()
        try await server.waitForHealth(200)

        try await loader.value
        for resender in resenders { try await resender.value }
        try await server.stop()
        #expect(committedWhileDown < batches.count)
        #expect(await progress.duplicatesSeen > 0)

        // Nothing lost, nothing doubled: the same ledger, in the same order, as a file ingest.
        #expect(try ledgerDigest(cluster.url) == ledgerDigest(file.url))
        let end = LocalDate(year: 2026, month: 11, day: 1)
        let parameters = ReportParameters(
            from: end.adding(days: -30),
            to: end.adding(days: -1),
            timeZone: .utc,
            asOf: 1_793_491_200_000_000
        )
        #expect(
            try ReportPipeline(url: cluster.url, workers: 2).run(parameters).report
                == ReportPipeline(url: file.url, workers: 2).run(parameters).report
        )
    }

    @Test func sigtermDuringLoadExitsZeroAndEveryEventAnswered200IsInTheDatabase() async throws {
        let binary = Self.productsDirectory.appendingPathComponent("chatsla").path
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "build the chatsla product first (swift build): \(binary)"
        )
        let database = try TestServer.shared.makeDatabase()
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(
            atPath: tokenFile,
            contents: Data((RunningServer.token + "\n").utf8),
            attributes: [.posixPermissions: 0o600]
        )
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }

        let errorPath = tokenFile + ".err"
        let process = try ChildProcess.start(
            [binary, "serve", "--database-url", database.url, "--listen", "127.0.0.1:0", "--token-file", tokenFile],
            output: .discard,
            error: .file(errorPath)
        )
        defer {
            if process.isRunning {
                process.signal(SIGKILL)
                _ = try? process.wait()
            }
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let port = try await Self.readPort(fromFile: errorPath, of: process)

        // Four clients, each posting its own share of a generated stream in batches of 20 on a
        // keep-alive connection, until the server goes away.
        let lines = generatedLines(dialogs: 200, seed: 9)
        let batches = stride(from: 0, to: lines.count, by: 20).map { Array(lines[$0..<min($0 + 20, lines.count)]) }
        let progress = Progress()
        let clients = (0..<4).map { client in
            Task {
                do {
                    try await WebhookClient.withConnection(host: "127.0.0.1", port: port) { connection in
                        for batch in stride(from: client, to: batches.count, by: 4) {
                            let answer = try await connection.send(
                                .POST,
                                "/v1/events",
                                headers: [("Authorization", "Bearer \(RunningServer.token)")],
                                body: body(batches[batch])
                            )
                            guard answer.status == 200 else {
                                await progress.failed()
                                return
                            }
                            await progress.committed(try EventsAnswer(answer))
                        }
                    }
                } catch {
                    await progress.failed()
                }
            }
        }
        let loaded = ContinuousClock.now + .seconds(120)
        while await progress.committedLines < 600 {
            guard ContinuousClock.now < loaded, process.isRunning else {
                throw TestFailure(
                    "600 lines were not committed within 120 s (the server is \(process.isRunning ? "up" : "gone"))"
                )
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        process.signal(SIGTERM)
        for client in clients { await client.value }
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let exit = try process.wait(timeout: .seconds(1))
        #expect(exit.signal == nil)
        #expect(exit.status == 0)

        let answered = await progress.answeredIDs
        #expect(await progress.committedLines < lines.count, "the load was still running at SIGTERM")
        #expect(answered.count >= 600)
        let stored = try queryRows(database.url, "SELECT event_id FROM ingested_events").compactMap { $0[0] }
        let missing = Set(answered).subtracting(stored)
        #expect(missing.isEmpty, "answered 200 but not stored: \(missing.prefix(5))")
    }

    /// Where SwiftPM put the test bundle, and the `chatsla` executable beside it.
    static var productsDirectory: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // The runner may be inside the .xctest bundle on some platforms.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS"
            || directory.lastPathComponent == "Contents"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }

    /// Reads the server's standard error (a file) until it says where it serves (at most 60 s).
    static func readPort(fromFile path: String, of process: ChildProcess) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        var text = ""
        while ContinuousClock.now < deadline {
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if let range = text.range(of: "serving on http://127.0.0.1:"),
                let end = text[range.upperBound...].firstIndex(of: "\n"),
                let port = Int(text[range.upperBound..<end])
            {
                return port
            }
            guard process.isRunning else { throw TestFailure("the server ended before listening: \(text)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("the server did not say where it serves within 60 s: \(text)")
    }
}

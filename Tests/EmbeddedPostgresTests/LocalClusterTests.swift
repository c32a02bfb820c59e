import EmbeddedPostgres
import Foundation
import PostgresClient
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Each test runs its own throwaway cluster (not the shared test server), destroyed at the end.
///
/// Serialized: every cluster is a whole PostgreSQL server, and the machine is small.
@Suite(.serialized) struct LocalClusterTests {
    /// A cluster in a fresh temporary folder, with a watchdog that tears it down if the test process dies.
    private static func makeCluster() throws -> LocalCluster {
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("chatsla-cluster-test-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let cluster = LocalCluster(home: home, durable: false)
        try spawnDetachedShell(
            "while \(TestServer.processIsAliveShellTest(getpid())); do sleep 1; done; "
                + (try cluster.teardownShellCommand())
        )
        return cluster
    }

    private static func answer(_ cluster: LocalCluster) throws -> Int {
        let connection = try PostgresConnection(url: cluster.url, connectTimeoutSeconds: 10)
        defer { connection.close() }
        return try connection.query("SELECT 40 + 2").decode(Int.self, row: 0, column: 0)
    }

    @Test func startingTwiceLeavesTheSameServerRunning() throws {
        let cluster = try Self.makeCluster()
        defer { try? cluster.destroy() }
        try cluster.start()
        let first = try cluster.status()
        try cluster.start()
        #expect(try cluster.status() == first)
        guard case .running(let pid) = first else {
            Issue.record("not running after start: \(first)")
            return
        }
        #expect(pid > 0)
        #expect(try Self.answer(cluster) == 42)
        // The buffer cache follows the machine's memory (given at start, over postgresql.conf).
        let connection = try PostgresConnection(url: cluster.url, connectTimeoutSeconds: 10)
        defer { connection.close() }
        let buffers = try connection.query("SELECT pg_size_bytes(current_setting('shared_buffers'))")
            .decode(Int.self, row: 0, column: 0)
        #expect(UInt64(buffers) == LocalCluster.sharedBuffers(physicalMemory: ProcessInfo.processInfo.physicalMemory))
    }

    @Test func theBufferCacheIsASixteenthOfMemoryBetween256MiBAnd1GiB() {
        let gib: UInt64 = 1 << 30
        let mib: UInt64 = 1 << 20
        #expect(LocalCluster.sharedBuffers(physicalMemory: 2 * gib) == 256 * mib)
        #expect(LocalCluster.sharedBuffers(physicalMemory: 8 * gib) == 512 * mib)
        #expect(LocalCluster.sharedBuffers(physicalMemory: 12 * gib + 5) == 768 * mib)
        #expect(LocalCluster.sharedBuffers(physicalMemory: 24 * gib) == 1024 * mib)
        #expect(LocalCluster.sharedBuffers(physicalMemory: 256 * gib) == 1024 * mib)
    }

    @Test func statusFollowsTheServerThroughItsLife() throws {
        let cluster = try Self.makeCluster()
        defer { try? cluster.destroy() }
        #expect(try cluster.status() == .notInitialized)
        try cluster.start()
        guard case .running = try cluster.status() else {
            Issue.record("not running after start")
            return
        }
        try cluster.stop()
        #expect(try cluster.status() == .stopped)
        #expect(throws: PostgresError.self) { try Self.answer(cluster) }
        try cluster.start()
        #expect(try Self.answer(cluster) == 42)
        try cluster.destroy()
        #expect(!FileManager.default.fileExists(atPath: cluster.home))
    }

    @Test func startKeepsTheHomeFolderPermissionsTheUserGaveIt() throws {
        let cluster = try Self.makeCluster()
        defer { try? cluster.destroy() }
        #expect(chmod(cluster.home, 0o700) == 0)
        let asRoot = getuid() == 0
        do {
            try cluster.start()
            // Not root: the server runs as this user, who reaches a 0700 folder of its own.
            #expect(!asRoot)
            #expect(try Self.answer(cluster) == 42)
        } catch {
            // Root: the server account cannot reach a 0700 folder of root's, and start says so
            // (and what to do) instead of opening it.
            #expect(asRoot)
            #expect("\(error)".contains("cannot reach \(cluster.home)"))
            #expect("\(error)".contains("chmod o+x"))
        }
        let mode = try #require(FileManager.default.attributesOfItem(atPath: cluster.home)[.posixPermissions] as? Int)
        #expect(mode == 0o700)
        guard asRoot else { return }
        // Opened by the user, it works, and is still as the user left it.
        #expect(chmod(cluster.home, 0o711) == 0)
        try cluster.start()
        #expect(try Self.answer(cluster) == 42)
        let opened = try #require(FileManager.default.attributesOfItem(atPath: cluster.home)[.posixPermissions] as? Int)
        #expect(opened == 0o711)
    }

    @Test func stoppingAStoppedOrNeverStartedClusterIsHarmless() throws {
        let cluster = try Self.makeCluster()
        defer { try? cluster.destroy() }
        try cluster.stop()
        try cluster.stop(immediately: true)
        #expect(try cluster.status() == .notInitialized)
        try cluster.start()
        try cluster.stop(immediately: true)
        try cluster.stop()
        try cluster.stop(immediately: true)
        #expect(try cluster.status() == .stopped)
    }

    @Test func startRecoversAfterThePostmasterIsKilled() throws {
        let cluster = try Self.makeCluster()
        defer { try? cluster.destroy() }
        try cluster.start()
        let connection = try PostgresConnection(url: cluster.url)
        // The throwaway cluster commits asynchronously; this session waits for its WAL to be written.
        try connection.execute(script: "SET synchronous_commit = on")
        try connection.execute(script: "CREATE TABLE survivors (id int); INSERT INTO survivors VALUES (1), (2);")
        connection.close()

        let pidFile = try String(contentsOfFile: cluster.dataDirectory + "/postmaster.pid", encoding: .utf8)
        let pid = try #require(pidFile.split(separator: "\n").first.flatMap { Int32($0) })
        #expect(try cluster.status() == .running(pid: pid))
        #expect(kill(pid, SIGKILL) == 0)
        // The killed postmaster stays a zombie here (pid 1 does not reap), which must count as stopped.
        var status = try cluster.status()
        for _ in 0..<100 where status != .stopped {
            Thread.sleep(forTimeInterval: 0.1)
            status = try cluster.status()
        }
        #expect(status == .stopped)

        try cluster.start()
        guard case .running(let newPID) = try cluster.status() else {
            Issue.record("not running after recovery")
            return
        }
        #expect(newPID != pid)
        let recovered = try PostgresConnection(url: cluster.url)
        defer { recovered.close() }
        #expect(try recovered.query("SELECT count(*) FROM survivors").decode(Int.self, row: 0, column: 0) == 2)
    }

    @Test func stoppingTheServerDuringACopyReadThrowsInsteadOfHangingOrCrashing() throws {
        let cluster = try Self.makeCluster()
        defer { try? cluster.destroy() }
        try cluster.start()

        let outcome = CopyOutcome()
        let finished = DispatchSemaphore(value: 0)
        let url = cluster.url
        // The read runs on a thread of its own so a hang fails the test instead of stalling the run.
        Thread.detachNewThread {
            defer { finished.signal() }
            do {
                let connection = try PostgresConnection(url: url)
                var rowsRead: Int64 = 0
                try connection.copyOutText(
                    "COPY (SELECT g FROM generate_series(1, 50000000) g) TO STDOUT"
                ) { row in
                    rowsRead += 1
                    guard try row.readInt64() == rowsRead else {
                        throw PostgresError(kind: .decoding, message: "row \(rowsRead) out of order")
                    }
                    guard rowsRead == 1000 else { return }
                    // Stop from another thread and wait for it: the server is gone before reading on.
                    let stopped = DispatchSemaphore(value: 0)
                    Thread.detachNewThread {
                        outcome.set(stopError: Result { try cluster.stop(immediately: true) }.failureText)
                        stopped.signal()
                    }
                    _ = stopped.wait(timeout: .now() + 60)
                }
                outcome.set(rowsRead: rowsRead, error: nil)
            } catch {
                outcome.set(rowsRead: nil, error: error)
            }
        }
        guard finished.wait(timeout: .now() + 120) == .success else {
            Issue.record("the COPY read neither finished nor failed within two minutes")
            return
        }
        let (rowsRead, error, stopError) = outcome.get()
        #expect(stopError == nil)
        #expect(try cluster.status() == .stopped)
        #expect(rowsRead == nil, "the COPY completed with \(rowsRead ?? 0) rows")
        let postgresError = try #require(error as? PostgresError, "\(String(describing: error))")
        #expect([.connectionLost, .server].contains(postgresError.kind), "\(postgresError)")
    }
}

/// What the COPY thread saw, handed to the test's thread.
private final class CopyOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var rowsRead: Int64?
    private var error: (any Error)?
    private var stopError: String?

    func set(rowsRead: Int64?, error: (any Error)?) {
        lock.withLock {
            self.rowsRead = rowsRead
            self.error = error
        }
    }

    func set(stopError: String?) {
        lock.withLock { self.stopError = stopError }
    }

    func get() -> (Int64?, (any Error)?, String?) {
        lock.withLock { (rowsRead, error, stopError) }
    }
}

extension Result {
    fileprivate var failureText: String? {
        guard case .failure(let error) = self else { return nil }
        return "\(error)"
    }
}

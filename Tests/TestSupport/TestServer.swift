import ChatStore
import EmbeddedPostgres
import Foundation
import PostgresClient

/// The test suite's own PostgreSQL: one private cluster per test process, a fresh database per test.
///
/// The cluster lives in a temporary folder with its own socket, runs without fsync, and is
/// torn down when the test process ends, also when it crashes: a watchdog shell in a session of
/// its own waits for the process to go away, then stops the server and deletes the folder.
///
/// ```swift
/// let database = try TestServer.shared.makeDatabase()
/// let connection = try database.connect()
/// ```
public final class TestServer: Sendable {
    public let cluster: LocalCluster
    private static let templateName = "chatsla_template"

    /// The process's server, started on first use.
    public static var shared: TestServer {
        get throws { try startOnce.get() }
    }

    private static let startOnce: Result<TestServer, any Error> = Result { try TestServer() }

    private init() throws {
        TestLogging.bootstrap()
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("chatsla-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        cluster = LocalCluster(home: home, durable: false, databaseName: Self.templateName)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try spawnDetachedShell(
            "while \(Self.processIsAliveShellTest(getpid())); do sleep 0.5; done; \(try cluster.teardownShellCommand())"
        )
        try cluster.start()
        let connection = try PostgresConnection(url: cluster.url)
        defer { connection.close() }
        try Migrator().migrate(connection)
    }

    /// A shell test that holds while `pid` runs; a zombie (dead, never reaped) counts as gone.
    ///
    /// `kill -0` alone succeeds on a zombie, and where pid 1 does not reap (this container),
    /// a test process whose parent was killed stays a zombie forever: its server would leak.
    public static func processIsAliveShellTest(_ pid: Int32) -> String {
        "{ kill -0 \(pid) 2>/dev/null && [ \"$(sed 's/.*) //' /proc/\(pid)/stat 2>/dev/null | cut -c1)\" != Z ]; }"
    }

    /// A new, empty database with the current schema (a copy of a migrated template).
    public func makeDatabase(migrated: Bool = true) throws -> TestDatabase {
        let name = "t_\(UInt64.random(in: 0...UInt64.max))"
        let admin = try PostgresConnection(url: cluster.url(database: "postgres"))
        defer { admin.close() }
        let template = migrated ? Self.templateName : "template0"
        // CREATE DATABASE … TEMPLATE fails while another session uses the template: retry briefly.
        var attempt = 0
        while true {
            do {
                try admin.query(
                    PostgresQuery(sql: "CREATE DATABASE \(quoteIdentifier(name)) TEMPLATE \(quoteIdentifier(template))")
                )
                break
            } catch let error as PostgresError where error.sqlState == "55006" && attempt < 50 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        return TestDatabase(name: name, url: cluster.url(database: name))
    }
}

/// One test's database.
public struct TestDatabase: Sendable {
    public let name: String
    public let url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    public func connect() throws -> PostgresConnection {
        try PostgresConnection(url: url)
    }

    /// The same database, connected to as `role` (a role the test created) instead of the
    /// suite's superuser.
    public func role(_ role: String) -> TestDatabase {
        let base = url.range(of: "&user=").map { String(url[..<$0.lowerBound]) } ?? url
        return TestDatabase(name: name, url: base + "&user=\(role)")
    }
}

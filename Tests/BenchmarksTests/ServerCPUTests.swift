import TestSupport
import Testing

@testable import Benchmarks

/// The server's CPU account the benchmark lines print: read from `/proc` for the suite's own
/// local server.
@Suite struct ServerCPUTests {
    @Test func aQueryThatComputesShowsInTheServersCPU() throws {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        let server = try #require(ServerCPU.probe(connection))
        let before = try #require(server.seconds())
        // About a second of one backend's CPU (three million digests); nothing here waits on the disk.
        _ = try connection.query("SELECT sum(length(md5(i::text))) FROM generate_series(1, 3000000) i")
        let after = try #require(server.seconds())
        #expect(after - before > 0.1)
    }

    /// A role that may not read the server's settings (as on a managed server) gets no probe:
    /// the bench lines then print `-`, and nothing fails.
    @Test func aRoleThatCannotReadTheDataDirectoryHasNoProbe() throws {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        let role = "no_settings_\(database.name)"
        let admin = try database.connect()
        defer { admin.close() }
        try admin.execute(script: "CREATE ROLE \(role) LOGIN NOSUPERUSER")
        let connection = try database.role(role).connect()
        defer { connection.close() }
        #expect(ServerCPU.probe(connection) == nil)
    }

    @Test func aStatLineIsReadFromTheLastParenthesis() throws {
        let line = "4242 (post (gres) x) S 17 4242 4242 0 -1 4194560 1 0 0 0 250 50 7 3 20 0 1 0 99 1 1 2"
        let stat = try #require(ProcessStat.parse(line))
        #expect(stat.command == "post (gres) x")
        #expect(stat.parent == 17)
        #expect(stat.ownTicks == 300)
        #expect(stat.reapedChildrenTicks == 10)
        #expect(ProcessStat.parse("4242 (cut short) S 17") == nil)
    }
}

import ChatDomain
import ChatStore
import Foundation
import PostgresClient
import Testing

/// `chatsla ingest` plans by key only while it ingests (`plan_by_key` in session.sql): the
/// connection it leaves behind plans as any other, so that a report or the SQL reference run on
/// it next can hash-join whole tables.
@Suite struct IngestSessionPlanTests {
    @Test func theConnectionPlansAsBeforeOnceAnInputIsIngested() throws {
        let fixture = try IngestFixture()
        let lines = fixture.setup() + [fixture.received(message: "m1")]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).jsonl").path
        #expect(
            FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        let connection = try fixture.database.connect()
        defer { connection.close() }
        func settings() throws -> [String?] {
            let rows = try connection.query(
                PostgresQuery(
                    sql: "SELECT current_setting('enable_hashjoin'), current_setting('enable_mergejoin'), "
                        + "current_setting('max_parallel_workers_per_gather'), current_setting('jit')"
                )
            )
            return [rows[0, 0], rows[0, 1], rows[0, 2], rows[0, 3]]
        }
        let before = try settings()
        #expect(before[0] == "on")
        let ingester = try Ingester(connection: connection, now: { RFC3339.maximum })
        for _ in 0..<2 {
            let descriptor = open(path, O_RDONLY)
            defer { close(descriptor) }
            _ = try ingester.ingest(source: "plan.jsonl", descriptor: descriptor)
            #expect(try settings() == before)
        }
        #expect(try fixture.count("SELECT 1 FROM messages") == 1)
    }
}

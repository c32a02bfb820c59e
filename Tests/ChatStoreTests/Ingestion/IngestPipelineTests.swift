import ChatDomain
import ChatStore
import EventGenerator
import Foundation
import PostgresClient
import TestSupport
import Testing

/// The pipeline as a whole: generated streams, idempotency, restarts, broken lines.
@Suite(.serialized)
struct IngestPipelineTests {
    private func generated(dialogs: Int, seed: UInt64 = 7) -> [UInt8] {
        var bytes: [UInt8] = []
        EventGenerator(configuration: GeneratorConfiguration(dialogs: dialogs, seed: seed)).forEachLine { line in
            bytes.append(contentsOf: line)
            bytes.append(10)
        }
        return bytes
    }

    @Test func reIngestingAFileReportsEveryEventAsADuplicateAndChangesNothing() throws {
        let fixture = try IngestFixture()
        let events = generated(dialogs: 150)
        let first = try fixture.ingest(bytes: events, batchSize: 700)
        #expect(first.summary.rejected == 0)
        let before = try fixture.checksums()
        let second = try fixture.ingest(bytes: events, batchSize: 700)
        #expect(second.summary.accepted == 0)
        #expect(second.summary.rejected == 0)
        #expect(second.summary.duplicates == first.summary.accepted)
        #expect(try fixture.checksums() == before)
    }

    @Test func withoutASecondConnectionTheBatchesAreClassifiedBetweenTheirWrites() throws {
        let events = generated(dialogs: 60, seed: 5)
        let reference = try IngestFixture()
        try reference.ingest(bytes: events, batchSize: 100)
        // The same stream into a database of a role allowed one connection: the ingester's second
        // session (batch N+1 classified while N is written) is refused, and it goes on with one.
        let empty = try TestServer.shared.makeDatabase(migrated: false)
        let role = "one_slot_\(empty.name)"
        let admin = try empty.connect()
        try admin.execute(
            script: "CREATE ROLE \(role) LOGIN NOSUPERUSER CONNECTION LIMIT 1; "
                + "ALTER DATABASE \(empty.name) OWNER TO \(role)"
        )
        defer { admin.close() }
        // A closed connection's backend leaves a moment later: wait until the role's slot is free.
        func slotFree() throws {
            for _ in 0..<100 {
                let rows = try admin.query("SELECT count(*) FROM pg_stat_activity WHERE usename = \(role)")
                if try rows.decode(Int64.self, row: 0, column: 0) == 0 { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let limited = empty.role(role)
        let owner = try limited.connect()
        try Migrator().migrate(owner)
        #expect(throws: PostgresError.self) { try limited.connect() }
        owner.close()
        try slotFree()
        let result = try IngestFixture(database: limited).ingest(bytes: events, batchSize: 100)
        #expect(result.summary.accepted == events.split(separator: 10).count)
        #expect(result.summary.rejected == 0)
        // Read back as the superuser (the test's own connections do not count against the role).
        #expect(try IngestFixture(database: empty).checksums() == reference.checksums())
    }

    @Test func aRepeatInALaterBatchOfTheFirstRunIsADuplicate() throws {
        let fixture = try IngestFixture()
        let events = generated(dialogs: 20)
        let lines = events.split(separator: 10)
        let conflicting = Array(
            String(decoding: lines[3], as: UTF8.self).replacingOccurrences(of: "\"name\":\"", with: "\"name\":\"X").utf8
        )
        let result = try fixture.ingest(bytes: events + events + conflicting + [10], batchSize: 50)
        #expect(result.summary.accepted == lines.count)
        #expect(result.summary.duplicates == lines.count)
        #expect(result.rejected.map(\.code) == ["conflicting_duplicate"])
    }

    @Test func ingestingInPiecesWithRestartsEqualsOneRun() throws {
        let events = generated(dialogs: 150, seed: 3)
        let whole = try IngestFixture()
        try whole.ingest(bytes: events, batchSize: 10_000)
        // Three processes, each stopping mid-file: every restart rebuilds the state from the tables.
        let pieces = try IngestFixture()
        let lines = events.split(separator: 10)
        let cuts = [0, lines.count / 3, 2 * lines.count / 3, lines.count]
        for index in 0..<3 {
            var piece: [UInt8] = []
            // Each run re-reads from the start, like a re-run after a crash, up to its cut.
            for line in lines[0..<cuts[index + 1]] {
                piece.append(contentsOf: line)
                piece.append(10)
            }
            let result = try pieces.ingest(bytes: piece, batchSize: 333)
            #expect(result.summary.duplicates == cuts[index])
        }
        #expect(try pieces.checksums() == whole.checksums())
        #expect(try pieces.integrityViolations() == [])
    }

    @Test func rebuildingTheStateToBoundMemoryChangesNothing() throws {
        let events = generated(dialogs: 150, seed: 5)
        let whole = try IngestFixture()
        try whole.ingest(bytes: events, batchSize: 10_000)
        let bounded = try IngestFixture()
        // At most ~100 message states in memory: the state is rebuilt after nearly every batch.
        let result = try bounded.ingest(bytes: events, batchSize: 200, messagesInMemory: 100)
        #expect(result.summary.rejected == 0, "\(result.rejected.prefix(3).map(\.message))")
        #expect(try bounded.checksums() == whole.checksums())
    }

    @Test func aLostConnectionStopsTheRunAndTheReRunFinishesIt() throws {
        let events = generated(dialogs: 120, seed: 11)
        let whole = try IngestFixture()
        try whole.ingest(bytes: events)

        let broken = try IngestFixture()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lost-\(UUID()).jsonl").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(events)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let connection = try broken.database.connect()
        defer { connection.close() }
        let pid = try #require(try connection.query("SELECT pg_backend_pid()")[0, 0])
        let ingester = try Ingester(connection: connection, batchSize: 300, now: { RFC3339.maximum })
        var batches = 0
        #expect(throws: (any Error).self) {
            try ingester.ingest(source: path, descriptor: descriptor) { _ in
            } progress: { _ in
                batches += 1
                // After the second commit, the server ends the ingesting session.
                if batches == 2, let admin = try? broken.database.connect() {
                    _ = try? admin.query("SELECT pg_terminate_backend(\(unescaped: pid))")
                    admin.close()
                }
            }
        }
        let committed = try #require(Int(try broken.value("SELECT count(*) FROM ingested_events") ?? ""))
        #expect(committed >= 600)
        #expect(committed < events.split(separator: 10).count)
        let rerun = try broken.ingest(bytes: events)
        #expect(rerun.summary.duplicates == committed)
        #expect(try broken.checksums() == whole.checksums())
    }

    @Test func everyGeneratedEventIsAccepted() throws {
        let fixture = try IngestFixture()
        let result = try fixture.ingest(bytes: generated(dialogs: 2000), batchSize: 10_000)
        let codes = Dictionary(grouping: result.rejected, by: \.code).mapValues(\.count)
        // Domain/generator mismatches would show here as codes with counts.
        #expect(
            result.summary.rejected == 0,
            "rejected by code: \(codes); first: \(result.rejected.prefix(3).map(\.message))"
        )
        #expect(result.summary.accepted == result.summary.lines)
        #expect(try fixture.count("SELECT 1 FROM ingested_events WHERE NOT accepted") == 0)
        #expect(try fixture.integrityViolations() == [])
    }

    @Test func brokenLinesAreRejectedWithCodesAndTheRestIsAccepted() throws {
        let fixture = try IngestFixture()
        let valid = generated(dialogs: 60).split(separator: 10).prefix(1000).map { Array($0) }
        #expect(valid.count == 1000)
        var broken: [[UInt8]] = []
        for index in 0..<50 {
            let line: [UInt8]
            switch index % 7 {
            case 0: line = Array(#"{"id":"x\#(index)","type":"store.upserted","at":"#.utf8)
            case 1:
                line = Array(#"{"id":"x\#(index)","type":"store.upserted","name":""#.utf8) + [0xC3, 0x28, 0x22, 0x7D]
            case 2:
                line = Array(
                    #"{"id":"x\#(index)","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","name":"S"}"#.utf8
                )
            case 3:
                line = Array(
                    #"{"id":"x\#(index)","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","store":5,"name":"S"}"#
                        .utf8
                )
            case 4: line = Array(#"{"id":"x\#(index)","type":"store.moved","at":"2026-01-05T10:00:00+00:00"}"#.utf8)
            case 5: line = Array(#"{"id":"x\#(index)","type":"clock.tick","at":"2026-01-05T10:00:00"}"#.utf8)
            default:
                if index == 6 {
                    line =
                        Array(
                            #"{"id":"x6","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","store":"big","name":""#
                                .utf8
                        )
                        + Array(repeating: UInt8(ascii: "a"), count: 10_000_000) + Array(#""}"#.utf8)
                } else {
                    line = Array("not json \(index)".utf8)
                }
            }
            broken.append(line)
        }
        // Broken lines spread through the valid ones.
        var input: [UInt8] = []
        var brokenLineNumbers: [Int] = []
        var lineNumber = 0
        var next = 0
        for (index, line) in valid.enumerated() {
            if index % 20 == 5, next < broken.count {
                lineNumber += 1
                brokenLineNumbers.append(lineNumber)
                input += broken[next] + [10]
                next += 1
            }
            lineNumber += 1
            input += line + [10]
        }
        #expect(next == 50)

        let result = try fixture.ingest(bytes: input, batchSize: 256)
        #expect(result.summary.accepted == 1000)
        #expect(result.summary.rejected == 50)
        #expect(result.summary.rejectedByCode == ["invalid_event": 50])
        #expect(result.rejected.map(\.lineNumber) == brokenLineNumbers)
        #expect(result.rejected.map(\.bytes) == broken)
        #expect(try fixture.count("SELECT 1 FROM rejected_events WHERE code = 'invalid_event'") == 50)
        #expect(try fixture.count("SELECT 1 FROM rejected_events WHERE length(raw_line) > 10000000") == 1)

        // The rejects file holds exactly those 50 lines, the invalid UTF-8 ones with their exact bytes.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RejectsFileWriter(path: path)
        for line in result.rejected { try writer.write(line) }
        try writer.close()
        let written = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: 10)
        #expect(written.count == 50)
        var originals: [[UInt8]] = []
        for line in written {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect(object["code"] as? String == "invalid_event")
            #expect((object["message"] as? String)?.isEmpty == false)
            if let base64 = object["original_base64"] as? String {
                originals.append(Array(try #require(Data(base64Encoded: base64))))
            } else {
                originals.append(Array(try #require(object["original"] as? String).utf8))
            }
        }
        #expect(originals == broken)

        // Again: the valid events are duplicates; broken lines are reported again, stored once.
        let again = try fixture.ingest(bytes: input, batchSize: 256)
        #expect(again.summary.duplicates == 1000)
        #expect(again.summary.rejected == 50)
        #expect(try fixture.count("SELECT 1 FROM rejected_events") == 50)
    }
}

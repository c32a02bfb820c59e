import EventGenerator
import Foundation
import Testing

/// `chatsla ingest` failures are one line naming what is wrong and what to do; "run the same
/// command again" only where that is the fix (issue 16).
@Suite(.serialized) struct IngestFailureSentenceTests {
    static let rerun = "run the same command again"

    /// A small valid input file; removed by the caller.
    static func eventsFile(dialogs: Int) throws -> String {
        var bytes: [UInt8] = []
        EventGenerator(configuration: GeneratorConfiguration(dialogs: dialogs, days: 30, seed: 5)).forEachLine {
            bytes += Array($0) + [0x0A]
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: path.path, contents: Data(bytes))
        return path.path
    }

    @Test func inputsThatCannotBeReadAreNamedBeforeTheDatabaseIsTouched() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // No database is reachable at port 1: the input is checked first.
        let url = "postgresql://chatsla@127.0.0.1:1/x"
        let directory = try ChatslaProcess.run(["ingest", "--database-url", url, folder.path])
        #expect(directory.status == 1)
        #expect(
            directory.stderr
                == "chatsla: \(folder.path) is a folder, not a file of events; give the files in it, e.g. \(folder.path)/*.jsonl\n"
        )
        let missing = try ChatslaProcess.run(["ingest", "--database-url", url, folder.path + "/none.jsonl"])
        #expect(
            missing.stderr
                == "chatsla: cannot open \(folder.path)/none.jsonl: No such file or directory; give a file of events\n"
        )
    }

    @Test func connectionFailuresSayWhatToFixNotToRunAgain() throws {
        let file = try Self.eventsFile(dialogs: 2)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let notURL = try ChatslaProcess.run(["ingest", file], environment: ["DATABASE_URL": "not a url"])
        #expect(notURL.status == 1)
        #expect(
            notURL.stderr
                == #"chatsla: DATABASE_URL "not a url" is not a PostgreSQL URL; write it as postgresql://user@host:5432/database or postgresql:///database?host=/socket/folder"#
                + "\n"
        )
        let refused = try ChatslaProcess.run(["ingest", "--database-url", "postgresql://chatsla@127.0.0.1:1/x", file])
        #expect(refused.status == 1)
        #expect(refused.stderr.filter { $0 == "\n" }.count == 1)
        #expect(refused.stderr.contains("no server is listening there; start PostgreSQL"))
        #expect(!refused.stderr.contains(Self.rerun))
        let fixture = try IngestFixture()
        let missing = try ChatslaProcess.run([
            "ingest", "--database-url",
            fixture.database.url.replacingOccurrences(of: fixture.database.name, with: "nodb"),
            file,
        ])
        #expect(
            missing.stderr.hasSuffix(
                #"database "nodb" does not exist; create that database (createdb) or correct its name in the URL"#
                    + "\n"
            )
        )
        #expect(!missing.stderr.contains(Self.rerun))
    }

    @Test func anIngestStoppedMidRunSaysThatRunningItAgainFinishes() throws {
        let file = try Self.eventsFile(dialogs: 600)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fixture = try IngestFixture()
        // SIGTERM once the first batches are committed.
        let stopped = try ChatslaProcess.run([
            "ingest", "--max-future", "1000000h", "--database-url", fixture.database.url, "--batch-size", "200", file,
        ]) {
            process in
            while process.isRunning, (try? fixture.count("SELECT 1 FROM ingested_events")) ?? 0 == 0 { usleep(5_000) }
            process.signal(SIGTERM)
        }
        #expect(stopped.status == 128 + SIGTERM)
        #expect(
            stopped.stderr.hasSuffix(
                "chatsla: ingestion interrupted; what was committed stays: run the same command again to finish\n"
            )
        )
        // And it does.
        let again = try ChatslaProcess.run([
            "ingest", "--max-future", "1000000h", "--database-url", fixture.database.url, file,
        ])
        #expect(again.status == 0)
        #expect(again.stdout.contains("rejected 0"))
    }
}

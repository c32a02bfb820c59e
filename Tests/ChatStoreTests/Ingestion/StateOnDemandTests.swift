import ChatStore
import EventGenerator
import Foundation
import PostgresClient
import TestSupport
import Testing

/// The differential test of issue 17: the same stream ingested with the whole history restored
/// at start (the former ingester, kept as the oracle) and with the state loaded on demand gives
/// the same rows in every table.
@Suite struct StateOnDemandTests {
    struct Stream: CustomTestStringConvertible, Sendable {
        var dialogs: Int
        var days: Int
        var seed: UInt64
        var batchSize: Int
        /// Each input is ingested in this many parts, each by a new ingester (a restart).
        var parts: Int
        var testDescription: String { "seed \(seed), \(dialogs) dialogs, batches of \(batchSize), \(parts) run(s)" }
    }

    @Test(arguments: [
        Stream(dialogs: 1_200, days: 10, seed: 11, batchSize: 1_000, parts: 1),
        Stream(dialogs: 900, days: 30, seed: 5, batchSize: 500, parts: 2),
        Stream(dialogs: 500, days: 20, seed: 23, batchSize: 250, parts: 3),
    ])
    func onDemandWritesTheRowsOfTheWholeHistory(_ stream: Stream) throws {
        let lines = Self.lines(of: stream)
        let oracle = try IngestFixture()
        try Self.ingest(lines, into: oracle, stream: stream, loading: .wholeHistory)

        // What the stream exercises (so that equal tables mean something).
        #expect(try oracle.count("SELECT 1 FROM dialog_status_changes WHERE change = 'reopened'") > 0)
        #expect(try oracle.count("SELECT 1 FROM dialog_status_changes WHERE auto_rule IS NOT NULL") > 10)
        #expect(try oracle.count("SELECT 1 FROM customer_merges") >= 3)
        #expect(try oracle.count("SELECT 1 FROM dialogs WHERE privacy <> 'none'") > 0)
        #expect(
            try oracle.count(
                "SELECT 1 FROM messages m1 JOIN messages m2 ON m2.message_key = m1.message_key + 1 "
                    + "WHERE m2.created_at < m1.created_at"
            ) > 0
        )
        #expect(try oracle.count("SELECT 1 FROM dialog_timers") > 0)

        let expected = try oracle.checksums()
        // Every batch forgetting what the batch before it reached; what a few batches reached
        // held and cut back often; everything held (these streams stay under the bounds).
        for retention in [
            Ingester.Retention.batchOnly, Ingester.Retention(dialogs: 120, messages: 600), .standard,
        ] {
            let onDemand = try IngestFixture()
            try Self.ingest(lines, into: onDemand, stream: stream, loading: .onDemand, retention: retention)
            try Self.compare(expected, with: onDemand, oracle: oracle, retention: retention)
        }
    }

    static func compare(
        _ expected: [String],
        with onDemand: IngestFixture,
        oracle: IngestFixture,
        retention: Ingester.Retention
    ) throws {
        let actual = try onDemand.checksums()
        #expect(expected.count == actual.count)
        for (want, got) in zip(expected, actual) where want != got {
            let table = String(want.prefix { $0 != "|" })
            Issue.record("\(table) differs: whole history \(want), on demand (\(retention)) \(got)")
            if ["dialogs", "dialog_status_changes", "assignments", "contacts", "customers", "orders", "drafts"]
                .contains(table)
            {
                let sql = "SELECT t::text FROM \(table) t ORDER BY 1"
                let mine = try oracle.rows(sql)
                let theirs = try onDemand.rows(sql)
                let missing = Set(mine).subtracting(theirs).sorted().prefix(5)
                let extra = Set(theirs).subtracting(mine).sorted().prefix(5)
                Issue.record("\(table): only with the whole history \(Array(missing)); only on demand \(Array(extra))")
            }
        }
        #expect(try onDemand.integrityViolations().isEmpty)
    }

    /// The generated stream, with a few events added at fixed places: an auto-close time for
    /// assigned dialogs shortened to 30 minutes in the middle (many dialogs fall due at once, and
    /// the batch that saves it must load them) and restored later, and a chain of merges near
    /// the end (a customer merged into one that is then merged again).
    static func lines(of stream: Stream) -> [String] {
        var lines: [String] = []
        let generator = EventGenerator(
            configuration: GeneratorConfiguration(dialogs: stream.dialogs, days: stream.days, seed: stream.seed)
        )
        _ = generator.forEachLine { line in lines.append(String(decoding: line, as: UTF8.self)) }
        var customers: [String] = []
        for line in lines where line.contains(#""type":"customer.upserted""#) {
            if let id = field("customer", in: line), !customers.contains(id) { customers.append(id) }
        }
        func at(_ index: Int) -> String { field("at", in: lines[index]) ?? "2026-10-20T00:00:00+00:00" }
        var extras: [(index: Int, line: String)] = []
        let middle = lines.count / 2
        extras.append(
            (
                middle,
                #"{"id":"x-short","type":"settings.chats","at":"\#(at(middle))","by":{"system":true},"auto_close_assigned_s":1800}"#
            )
        )
        let later = lines.count * 2 / 3
        extras.append(
            (
                later,
                #"{"id":"x-long","type":"settings.chats","at":"\#(at(later))","by":{"system":true},"auto_close_assigned_s":86400}"#
            )
        )
        if customers.count >= 6 {
            for (step, pair) in [
                (customers[0], customers[1]), (customers[1], customers[2]), (customers[3], customers[4]),
            ]
            .enumerated() {
                let index = lines.count * (80 + step * 5) / 100
                extras.append(
                    (
                        index,
                        #"{"id":"x-merge-\#(step)","type":"customer.merged","at":"\#(at(index))","by":{"system":true},"customer":"\#(pair.0)","into":"\#(pair.1)"}"#
                    )
                )
            }
        }
        for extra in extras.sorted(by: { $0.index > $1.index }) { lines.insert(extra.line, at: extra.index) }
        return lines
    }

    static func field(_ name: String, in line: String) -> String? {
        guard let range = line.range(of: "\"\(name)\":\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func ingest(
        _ lines: [String],
        into fixture: IngestFixture,
        stream: Stream,
        loading: Ingester.StateLoading,
        retention: Ingester.Retention = .standard
    ) throws {
        let size = (lines.count + stream.parts - 1) / stream.parts
        for part in 0..<stream.parts {
            let slice = lines[min(lines.count, part * size)..<min(lines.count, (part + 1) * size)]
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("chatsla-differential-\(UUID().uuidString).jsonl").path
            guard
                FileManager.default.createFile(
                    atPath: path,
                    contents: Data((slice.joined(separator: "\n") + "\n").utf8)
                )
            else { throw TestFailure("cannot write \(path)") }
            defer { try? FileManager.default.removeItem(atPath: path) }
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw TestFailure("cannot open \(path)") }
            defer { close(descriptor) }
            let connection = try fixture.database.connect()
            defer { connection.close() }
            let ingester = try Ingester(
                connection: connection,
                batchSize: stream.batchSize,
                stateLoading: loading,
                retention: retention
            )
            let summary = try ingester.ingest(source: path, descriptor: descriptor)
            #expect(summary.lines == slice.count)
        }
    }
}

import ChatDomain
import ChatStore
import Foundation
import Testing

/// No single line stops ingestion (SPEC §3), against the real PostgreSQL: values the database
/// would refuse are rejected before COPY, far-future events are `in_future`, and a byte-order
/// mark or blank lines are not events.
@Suite struct IngestRobustnessTests {
    /// 2026-01-05T10:00:00Z, the fixture's first instant, in microseconds.
    static let fixtureStart: Int64 = 1_767_607_200_000_000

    /// A `clock.tick` with its own `at` text.
    static func tick(_ id: String, at: String) -> String {
        #"{"id":"\#(id)","type":"clock.tick","at":"\#(at)"}"#
    }

    @Test func timestampsOutsideTheYearsOneToNineThousandNineHundredNinetyNineAreRejectedNotFatal() throws {
        let fixture = try IngestFixture()
        fixture.maxFuture = .max  // year 9999 is in range here, however far ahead of the clock
        try fixture.ingest(fixture.setup())
        let poison = [
            Self.tick("year0", at: "0000-06-01T00:00:00Z"),
            // Year 1 locally, year 0 in UTC.
            Self.tick("before1", at: "0001-01-01T00:30:00+01:00"),
            // Year 9999 locally, year 10000 in UTC: the formatting wrap wrote it as year 0000.
            Self.tick("after9999", at: "9999-12-31T23:59:59-14:00"),
            fixture.event(
                "task.created",
                #""task":"t1","by":{"user":"adm"},"text":"Call","due":"0000-01-01T00:00:00Z","responsible":null,"order":null,"customer":"c1""#
            ),
        ]
        let good = fixture.received(message: "m1")
        let first = try fixture.ingest(poison + [good])
        #expect(first.summary.accepted == 1)
        #expect(first.summary.rejected == 4)
        #expect(first.rejected.map(\.code) == Array(repeating: "invalid_event", count: 4))
        #expect(
            first.rejected.map(\.message) == [
                #"field "at": "0000-06-01T00:00:00Z" is outside the years 0001–9999 in UTC"#,
                #"field "at": "0001-01-01T00:30:00+01:00" is outside the years 0001–9999 in UTC"#,
                #"field "at": "9999-12-31T23:59:59-14:00" is outside the years 0001–9999 in UTC"#,
                #"field "due": "0000-01-01T00:00:00Z" is outside the years 0001–9999 in UTC"#,
            ]
        )
        #expect(try fixture.count("SELECT 1 FROM messages WHERE message_id = 'm1'") == 1)
        // The run that used to stop at the same line every time: it finishes, reports them again, stores them once.
        let again = try fixture.ingest(poison + [good])
        #expect(again.summary.duplicates == 1)
        #expect(again.summary.rejected == 4)
        #expect(try fixture.count("SELECT 1 FROM rejected_events WHERE code = 'invalid_event'") == 4)
        // The edges themselves are fine, offsets included: each tick, in a fresh database, moves
        // the clock to its instant (the clock never goes back, so each edge gets its own).
        let edges = [
            ("first", "0001-01-01T00:00:00Z", "0001-01-01 00:00:00.000000"),
            ("firstLocal", "0001-01-01T01:00:00+01:00", "0001-01-01 00:00:00.000000"),
            ("last", "9999-12-31T23:59:59.999999Z", "9999-12-31 23:59:59.999999"),
            ("lastLocal", "9999-12-31T09:59:59-14:00", "9999-12-31 23:59:59.000000"),
        ]
        for (id, at, utc) in edges {
            let edge = try IngestFixture()
            let run = try edge.ingest([Self.tick(id, at: at)])
            #expect(run.summary.rejected == 0, "\(run.rejected.map(\.message))")
            #expect(run.summary.accepted == 1)
            let clock = "SELECT to_char(clock_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM ingest_state"
            #expect(try edge.rows(clock) == [utc], "\(id)")
        }
    }

    @Test func nulInTheIdIsRejectedWithoutAnIdLikeNulElsewhere() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        let line = #"{"id":"e\u0000x","type":"clock.tick","at":"2026-01-05T11:00:00Z"}"#
        let result = try fixture.ingest([line, fixture.received(message: "m1")])
        #expect(result.summary.accepted == 1)
        #expect(result.rejected.map(\.code) == ["invalid_event"])
        #expect(result.rejected.first?.message == #"field "id": holds the character U+0000, which cannot be stored"#)
        #expect(result.rejected.first?.eventID == nil)
        #expect(
            try fixture.rows("SELECT coalesce(event_id, 'NULL'), stage, raw_line FROM rejected_events") == [
                "NULL|decode|\(line)"
            ]
        )
        // An id too long for the database's unique indexes is refused before COPY too.
        let long = String(repeating: "x", count: 1001)
        let longID = try fixture.ingest([Self.tick(long, at: "2026-01-05T11:00:00Z")])
        #expect(longID.rejected.first?.message == #"field "id": is 1001 bytes long; ids are at most 1000"#)
        let longest = try fixture.ingest([
            fixture.event("store.upserted", #""store":"\#(String(repeating: "s", count: 1000))","name":"Long""#)
        ])
        #expect(longest.summary.accepted == 1)
    }

    @Test func anEventMoreThanADayAheadOfItsIngestionIsInFutureAndMovesNoTime() throws {
        let fixture = try IngestFixture()
        fixture.ingestionInstant = Self.fixtureStart + 3_600_000_000  // 11:00Z
        try fixture.ingest(
            fixture.setup() + [
                fixture.event("settings.chats", #""by":{"user":"adm"},"auto_close_assigned_s":3600"#),
                fixture.received(message: "m1"),
                fixture.assigned(to: "m1", by: "adm"),
            ]
        )
        let clockBefore = try fixture.value("SELECT clock_at FROM ingest_state")
        // Exactly 24 h after the ingestion instant is fine; 1 µs later is not; year 9999 is not.
        let result = try fixture.ingest([
            Self.tick("far", at: "9999-12-31T23:59:59Z"),
            Self.tick("justOver", at: "2026-01-06T11:00:00.000001Z"),
        ])
        #expect(result.summary.rejected == 2)
        #expect(result.rejected.map(\.code) == ["in_future", "in_future"])
        #expect(result.rejected.map(\.eventID) == ["far", "justOver"])
        #expect(
            result.rejected.last?.message
                == #"field "at": 2026-01-06T11:00:00.000001Z is more than 24 h after the instant it was ingested, 2026-01-05T11:00:00Z; the sender's clock is wrong, or give --max-future a larger margin"#
        )
        #expect(
            try fixture.rows("SELECT code, stage FROM rejected_events ORDER BY seq") == [
                "in_future|future", "in_future|future",
            ]
        )
        // No time moved: the assigned dialog is still open, the clock where it was.
        #expect(try fixture.value("SELECT clock_at FROM ingest_state") == clockBefore)
        #expect(try fixture.value("SELECT status FROM dialogs WHERE dialog_id = 'd1'") == "open")
        #expect(try fixture.count("SELECT 1 FROM dialog_status_changes WHERE change = 'closed'") == 0)
        // Not in the ledger: the sender may send the same id with a corrected instant.
        let corrected = try fixture.ingest([
            Self.tick("justOver", at: "2026-01-06T11:00:00Z"), Self.tick("far", at: "2026-01-05T10:59:00Z"),
        ])
        #expect(corrected.summary.accepted == 2)
        #expect(corrected.summary.rejected == 0)
        #expect(try fixture.value("SELECT status FROM dialogs WHERE dialog_id = 'd1'") == "closed")
        // A larger margin admits it; a margin of zero refuses anything after the instant itself.
        fixture.maxFuture = 0
        let strict = try fixture.ingest([
            Self.tick("now", at: "2026-01-05T11:00:00Z"), Self.tick("later", at: "2026-01-05T11:00:00.000001Z"),
        ])
        #expect(strict.rejected.map(\.eventID) == ["later"])
        #expect(strict.rejected.first?.message.contains("more than 0 s after") == true)
        fixture.maxFuture = 48 * 3_600_000_000
        #expect(try fixture.ingest([Self.tick("later", at: "2026-01-05T11:00:00.000001Z")]).summary.accepted == 1)
    }

    @Test func aLeadingByteOrderMarkIsSkippedAndBlankLinesAreNotEvents() throws {
        let fixture = try IngestFixture()
        let lines = fixture.setup()
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array((lines.joined(separator: "\n") + "\n").utf8)
        bytes += Array("   \n\t \r\n \t\n".utf8)
        // A mark anywhere but at the start of the input is part of a (malformed) line.
        bytes += [0xEF, 0xBB, 0xBF] + Array((fixture.received(message: "m1") + "\n").utf8)
        bytes += Array(" \n".utf8)
        let result = try fixture.ingest(bytes: bytes)
        #expect(result.summary.accepted == lines.count)
        #expect(result.summary.lines == lines.count + 1)
        #expect(result.summary.rejected == 1)
        #expect(result.rejected.first?.lineNumber == lines.count + 4)
        #expect(result.rejected.first?.message.contains("byte 0") == true)
        #expect(try fixture.value("SELECT name FROM stores WHERE store_id = 's1'") == "Main")
    }

    /// A line the database refuses although it passed every check (a case nobody foresaw,
    /// simulated by CHECK constraints the test adds): the batch is split to isolate it, it is
    /// rejected `invalid_event` with the server's message, and everything else is ingested.
    @Test(arguments: [1000, 3])
    func aLineTheDatabaseRefusesIsIsolatedAndRejectedWithTheServersMessage(batchSize: Int) throws {
        let fixture = try IngestFixture()
        let connection = try fixture.database.connect()
        defer { connection.close() }
        // Through the merge script (stores are merged from a temp table) and through a plain COPY (messages).
        try connection.execute(
            script: """
                ALTER TABLE stores ADD CONSTRAINT poison CHECK (name <> 'Poison');
                ALTER TABLE messages ADD CONSTRAINT poison CHECK (text IS DISTINCT FROM 'poison');
                """
        )
        let lines =
            fixture.setup() + [
                fixture.received(message: "m1"),
                fixture.event("store.upserted", #""store":"s9","name":"Poison""#),
                fixture.received(message: "m2", text: "poison"),
                fixture.sent(message: "m3", by: "m1"),
                fixture.received(message: "m4", text: "after"),
                fixture.event("store.upserted", #""store":"s8","name":"Fine""#),
            ]
        let first = try fixture.ingest(lines, batchSize: batchSize)
        #expect(first.summary.accepted == lines.count - 2)
        #expect(first.summary.rejected == 2)
        #expect(first.rejected.map(\.lineNumber) == [fixture.setup().count + 2, fixture.setup().count + 3])
        #expect(first.rejected.map(\.code) == ["invalid_event", "invalid_event"])
        #expect(
            first.rejected.first?.message
                == #"the database refused this line: new row for relation "stores" violates check constraint "poison" (SQLSTATE 23514)"#
        )
        #expect(first.rejected.last?.message.contains(#"relation "messages" violates check constraint"#) == true)
        #expect(first.rejected.map(\.eventID) == ["e13", "e14"])
        #expect(
            try fixture.rows("SELECT code, stage FROM rejected_events") == [
                "invalid_event|database", "invalid_event|database",
            ]
        )
        // The lines after them were applied without them: m3 replied, the dialog as if m2 never came.
        #expect(try fixture.rows("SELECT message_id FROM messages ORDER BY seq") == ["m1", "m3", "m4"])
        #expect(try fixture.rows("SELECT store_id FROM stores ORDER BY store_id") == ["s1", "s8"])
        #expect(try fixture.count("SELECT 1 FROM ingested_events") == lines.count - 2)
        #expect(try fixture.integrityViolations().isEmpty)
        // A re-run isolates them again: reported again, stored once, and it finishes.
        let again = try fixture.ingest(lines, batchSize: batchSize)
        #expect(again.summary.duplicates == lines.count - 2)
        #expect(again.summary.rejected == 2)
        #expect(try fixture.count("SELECT 1 FROM rejected_events") == 2)
    }
}

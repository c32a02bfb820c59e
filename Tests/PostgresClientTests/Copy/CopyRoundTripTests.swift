import PostgresClient
import TestSupport
import Testing

/// A million rows in through COPY FROM and back out through COPY TO, checked on both sides.
///
/// The client's checksum of what it sent must equal the server's (computed in SQL over the
/// stored table) and the client's checksum of what it read back.
@Suite struct CopyRoundTripTests {
    private struct RowShapeError: Error {
        var fields: Int
    }

    /// Computed once: both tests send the same rows.
    private static let sent = Result { try ChecksumBuilder.ofSample() }

    private static func serverChecksum(_ connection: PostgresConnection) throws -> Checksum {
        let rows = try connection.query(PostgresQuery(sql: CopySample.checksumSQL))
        return Checksum(
            rows: try rows.decode(Int64.self, row: 0, column: 0),
            idSum: try rows.decode(Int64.self, row: 0, column: 1),
            bodyLengthSum: try rows.decode(Int64.self, row: 0, column: 2),
            nullBodies: try rows.decode(Int64.self, row: 0, column: 3),
            trueFlags: try rows.decode(Int64.self, row: 0, column: 4),
            md5: try rows.decode(String.self, row: 0, column: 5)
        )
    }

    @Test func binaryCopyRoundTripsAMillionRows() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        try connection.execute(script: CopySample.createTableSQL)

        let stored = try connection.copyIn("COPY copy_rows (id, body, at, flag) FROM STDIN (FORMAT binary)") { writer in
            try writer.withBuffer { BinaryCopyFormat.appendHeader(to: &$0) }
            for id in 1...CopySample.rowCount {
                try writer.withBuffer { bytes in
                    BinaryCopyFormat.beginRow(fieldCount: 4, in: &bytes)
                    BinaryCopyFormat.append(id, to: &bytes)
                    if let index = CopySample.bodyIndex(id) {
                        BinaryCopyFormat.append(CopySample.bodies[index], to: &bytes)
                    } else {
                        BinaryCopyFormat.appendNull(to: &bytes)
                    }
                    if let micros = CopySample.micros(id) {
                        BinaryCopyFormat.appendTimestamp(micros: micros, to: &bytes)
                    } else {
                        BinaryCopyFormat.appendNull(to: &bytes)
                    }
                    if let flag = CopySample.flag(id) {
                        BinaryCopyFormat.append(flag, to: &bytes)
                    } else {
                        BinaryCopyFormat.appendNull(to: &bytes)
                    }
                }
            }
            try writer.withBuffer { BinaryCopyFormat.appendTrailer(to: &$0) }
        }
        #expect(stored == Int(CopySample.rowCount))

        let sent = try Self.sent.get()
        #expect(try Self.serverChecksum(connection) == sent)

        let received = try ChecksumBuilder()
        let read = try connection.copyOutBinary(
            "COPY (SELECT id, body, at, flag FROM copy_rows ORDER BY id) TO STDOUT (FORMAT binary)"
        ) { row in
            guard row.fieldCount == 4 else { throw RowShapeError(fields: row.fieldCount) }
            let id = try row.readInt64()
            let body = try row.nextField()
            let length = body.map { Int64(String(decoding: $0, as: UTF8.self).unicodeScalars.count) } ?? 0
            try received.add(
                id: id,
                body: body,
                bodyLength: length,
                micros: try row.readOptionalTimestamp(),
                flag: try row.readOptionalBool()
            )
        }
        #expect(read == Int(CopySample.rowCount))
        #expect(try received.finish() == sent)
    }

    @Test func textCopyRoundTripsAMillionRows() throws {
        let connection = try TestServer.shared.makeDatabase(migrated: false).connect()
        try connection.execute(script: CopySample.createTableSQL + "; SET TimeZone = 'UTC'")

        let stored = try connection.copyIn("COPY copy_rows (id, body, at, flag) FROM STDIN") { writer in
            for id in 1...CopySample.rowCount {
                try writer.withBuffer { bytes in
                    TextCopyFormat.appendField(id, to: &bytes)
                    TextCopyFormat.appendSeparator(to: &bytes)
                    TextCopyFormat.appendField(CopySample.bodyIndex(id).map { CopySample.bodies[$0] }, to: &bytes)
                    TextCopyFormat.appendSeparator(to: &bytes)
                    if let micros = CopySample.micros(id) {
                        TimestampText.append(micros: micros, to: &bytes)  // nothing in it needs escaping
                    } else {
                        TextCopyFormat.appendField(nil, to: &bytes)
                    }
                    TextCopyFormat.appendSeparator(to: &bytes)
                    TextCopyFormat.appendField(CopySample.flag(id).map { $0 ? "t" : "f" }, to: &bytes)
                    TextCopyFormat.endRow(&bytes)
                }
            }
        }
        #expect(stored == Int(CopySample.rowCount))

        let sent = try Self.sent.get()
        #expect(try Self.serverChecksum(connection) == sent)

        let received = try ChecksumBuilder()
        var unparsed: [String] = []
        let read = try connection.copyOutText("COPY (SELECT id, body, at, flag FROM copy_rows ORDER BY id) TO STDOUT") {
            row in
            let id = try row.readInt64()
            let body = try row.readOptionalString()
            var micros: Int64?
            if let at = try row.nextRawField() {
                micros = TimestampText.parse(at)
                if micros == nil, unparsed.count < 5 { unparsed.append(String(decoding: at, as: UTF8.self)) }
            }
            let flag = try row.readOptionalString().map { $0 == "t" }
            guard row.isAtEnd else { throw RowShapeError(fields: -1) }
            try received.add(id: id, body: body, micros: micros, flag: flag)
        }
        #expect(unparsed.isEmpty)
        #expect(read == Int(CopySample.rowCount))
        #expect(try received.finish() == sent)
    }

    @Test func timestampTextFormattingRoundTripsAcrossEpochs() {
        for micros: Int64 in [0, -1, 1, 946_684_800_000_000, -777_777_777_777_777, 2_000_000_000_123_450] {
            let text = TimestampText.format(micros: micros)
            #expect(TimestampText.parse(text) == micros, "\(text)")
        }
        #expect(TimestampText.format(micros: -1) == "1969-12-31 23:59:59.999999+00")
        #expect(TimestampText.parse("2000-01-01 00:00:00+00") == 946_684_800_000_000)
        #expect(TimestampText.parse("2000-01-01 00:00:00.5+00") == 946_684_800_500_000)
    }
}

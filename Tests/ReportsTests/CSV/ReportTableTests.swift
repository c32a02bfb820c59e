import SLAAnalytics
import Testing

@testable import Reports

@Suite struct ReportTableTests {
    private func file(_ name: String) throws -> String {
        let table = try #require(ReportTable.all(of: ReportFixture.report).first { $0.fileName == name })
        return String(decoding: table.document.bytes, as: UTF8.self)
    }

    @Test func theFiveFilesComeInTheSpecOrder() {
        #expect(
            ReportTable.all(of: ReportFixture.report).map(\.fileName) == [
                "channels.csv", "breaches.csv", "managers.csv", "orders.csv", "daily.csv",
            ]
        )
    }

    @Test func channelsFileMatchesGoldenBytes() throws {
        let expected =
            "channel,dialogs,episodes,answered,closed_unanswered,open,frt_median_s,frt_p90_s,reply_median_s,"
            + "reply_p90_s,reached_warning,reached_overdue,warning_rate,overdue_rate,resolution_median_s,"
            + "auto_closed,warning_s,processing_s\r\n"
            + "tg-main,3,4,2,1,1,42.5,372.5,100.0,9000.0,2,1,0.5000,0.2500,3600.0,1,300,900\r\n"
            + "\"wa,\"\"quoted\"\"\",0,0,0,0,0,,,,,0,0,,,,0,,\r\n"
        #expect(try file("channels.csv") == expected)
    }

    @Test func breachesFileMatchesGoldenBytesWithTheDialogIdNeutralised() throws {
        let expected =
            "dialog,channel,level,episode_started_at,crossed_at,ended_at,outcome,wait_s,responsible_at_crossing\r\n"
            + "'=cmd|' /C calc'!A0,tg-main,overdue,2026-03-02T12:00:00+03:00,2026-03-02T12:15:00+03:00,,open,"
            + "9000.0,unassigned\r\n"
            + "d-2,tg-main,warning,2026-03-02T12:01:00.000250+03:00,2026-03-02T12:06:00+03:00,"
            + "2026-03-02T12:07:00+03:00,answered,360.0,bot:b1\r\n"
        #expect(try file("breaches.csv") == expected)
    }

    @Test func managersFileMatchesGoldenBytesKeepingNegativeMoney() throws {
        let expected =
            "user,name,became_responsible,dialogs_active,messages_sent,episodes_answered,reply_median_s,"
            + "reply_p90_s,reached_warning,reached_overdue,reassigned_away,dialogs_closed,peak_open_dialogs,"
            + "orders,revenue\r\n"
            + "u1,\"Ann <script>alert(\"\"x\"\")</script> & 'Bo'\",2,2,5,2,100.0,180.0,1,0,1,1,2,1,-3.00\r\n"
            + "u2,\"'+Line one\r\nline two\",0,0,0,0,,,0,0,0,0,0,0,0.00\r\n"
        #expect(try file("managers.csv") == expected)
    }

    @Test func ordersFileMatchesGoldenBytesKeepingANegativeTimeToOrder() throws {
        let expected =
            "channel,store,user,dialogs,converted_dialogs,conversion_rate,orders,revenue,paid_revenue,"
            + "average_order_value,time_to_order_median_s\r\n"
            + "tg-main,'@store,u1,3,1,0.3333,2,12900.50,-3.00,12900.50,-12.5\r\n"
        #expect(try file("orders.csv") == expected)
    }

    @Test func dailyFileMatchesGoldenBytes() throws {
        let expected =
            "date,channel,episodes,reply_median_s,reply_p90_s,reached_warning,reached_overdue\r\n"
            + "2026-03-02,tg-main,3,100.0,,2,1\r\n"
            + "2026-03-04,tg-main,1,,,0,0\r\n"
        #expect(try file("daily.csv") == expected)
    }

    @Test func onlyIdAndNameColumnsAreText() {
        let kinds = Dictionary(
            uniqueKeysWithValues: ReportTable.all(of: ReportFixture.report).map { table in
                (
                    table.fileName,
                    zip(table.document.header, table.document.columnKinds).filter { $0.1 == .text }.map(\.0)
                )
            }
        )
        #expect(kinds["channels.csv"] == ["channel"])
        #expect(kinds["breaches.csv"] == ["dialog", "channel", "responsible_at_crossing"])
        #expect(kinds["managers.csv"] == ["user", "name"])
        #expect(kinds["orders.csv"] == ["channel", "store", "user"])
        #expect(kinds["daily.csv"] == ["channel"])
    }

    @Test func encodingInChunksGivesTheDocumentsBytes() {
        for table in ReportTable.all(of: ReportFixture.report) {
            var chunks: [[UInt8]] = []
            table.encode(chunkSize: 7) { chunks.append($0) }
            #expect(chunks.count >= min(2, table.rowCount))
            #expect(chunks.dropLast().allSatisfy { $0.count >= 7 })
            #expect(chunks.flatMap { $0 } == table.document.bytes)
        }
    }

    @Test(arguments: [1, 2, 3, 7, 50])
    func encodingInParallelBlocksGivesTheDocumentsBytes(blockRows: Int) {
        // 103 rows: rounds of two blocks, a last round with one short block or none.
        let rows = (0..<103).map { (index: Int) -> BreachRow in
            let start = Int64(index) * 1_000_003
            let dialog: String = index % 5 == 0 ? "=d\(index)" : "d\(index)"
            let level: BreachLevel = index % 2 == 0 ? .warning : .overdue
            return BreachRow(
                dialog: dialog,
                channel: "tg",
                level: level,
                episodeStartedAt: ReportTimestamp(instant: start, utcOffsetSeconds: 10_800),
                crossedAt: ReportTimestamp(instant: start + 300_000_000, utcOffsetSeconds: 10_800),
                endedAt: nil,
                outcome: .open,
                wait: TenthsOfSecond(tenths: Int64(index)),
                responsibleAtCrossing: "u\(index % 3)"
            )
        }
        let table = ReportTable.breaches(rows)
        var chunks: [[UInt8]] = []
        table.encode(blockRows: blockRows) { chunks.append($0) }
        #expect(chunks.flatMap { $0 } == table.document.bytes)
        // Two blocks per round after the header: the parallel path was taken.
        if 2 * blockRows < rows.count { #expect(chunks.count == 1 + (rows.count + blockRows - 1) / blockRows) }
    }

    @Test func breachLinesEncodedFromFieldsEqualTheirCellsThroughTheDocument() {
        let names = ["d1", "=SUM(A1)", "a,b", "say \"hi\"", "-1", "line\nbreak", "é", "@x", ""]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let start = Int64.random(in: -1_000_000_000...2_000_000_000_000_000, using: &random)
            let row = BreachRow(
                dialog: names.randomElement(using: &random)!,
                channel: names.randomElement(using: &random)!,
                level: Bool.random(using: &random) ? .warning : .overdue,
                episodeStartedAt: ReportTimestamp(
                    instant: start,
                    utcOffsetSeconds: Int32.random(in: -50_400...50_400, using: &random) / 60 * 60
                ),
                crossedAt: ReportTimestamp(instant: start + 1, utcOffsetSeconds: 0),
                endedAt: Bool.random(using: &random)
                    ? nil : ReportTimestamp(instant: start + 2_000_000, utcOffsetSeconds: -3_600),
                outcome: [.answered, .open, .closedUnanswered].randomElement(using: &random)!,
                wait: TenthsOfSecond(tenths: Int64.random(in: -20...2_000_000, using: &random)),
                responsibleAtCrossing: names.randomElement(using: &random)!
            )
            var fast: [UInt8] = []
            ReportTable.appendBreachLine(row, into: &fast)
            var document = CSVDocument(header: BreachRow.header, columnKinds: ReportTable.breaches([]).columnKinds)
            let headerLength = document.bytes.count
            document.append(row.cells)
            #expect(fast == Array(document.bytes[headerLength...]), "\(row.cells)")
        }
    }

    @Test func anEmptyReportHasHeaderRowsOnly() {
        let empty = SLAReport(channels: [], breaches: [], managers: [], orders: [], daily: [])
        for table in ReportTable.all(of: empty) {
            #expect(table.document.text == table.document.header.joined(separator: ",") + "\r\n")
        }
    }
}

import Foundation
import Testing

@testable import ChatStore

/// A batch's status changes of one dialog, summed up in ingestion order as `dialog_status_latest`
/// takes them (`merge_tmp_status_latest`, schema 0022); the stored side is checked against
/// `dialog_status_changes` by scripts/ingest-integrity.sql in the ingestion suites.
@Suite struct StatusLatestTests {
    @Test func theLatestIsByInstantThenSeqAndAnOpenChangeWinsATie() {
        var latest = StatusLatest(at: 100, seq: 1, isOpen: true, accepted: false)
        latest.add(at: 200, seq: 2, isOpen: false, accepted: false)  // closed later
        #expect((latest.at, latest.seq, latest.isOpen) == (200, 2, false))
        latest.add(at: 200, seq: 2, isOpen: true, accepted: false)  // reopened by the same event
        #expect((latest.at, latest.seq, latest.isOpen) == (200, 2, true))
        latest.add(at: 200, seq: 2, isOpen: false, accepted: false)  // a close does not beat the tie
        #expect(latest.isOpen)
        latest.add(at: 200, seq: 3, isOpen: false, accepted: false)  // same instant, later event
        #expect((latest.at, latest.seq, latest.isOpen) == (200, 3, false))
        #expect(!latest.disordered)
        #expect(latest.earliest == 100)
    }

    @Test func aChangeStampedBeforeTheOneIngestedAheadOfItIsOutOfOrder() {
        var latest = StatusLatest(at: 500, seq: 10, isOpen: true, accepted: false)
        latest.add(at: 300, seq: 11, isOpen: false, accepted: false)  // a late close
        #expect(latest.disordered)
        #expect((latest.at, latest.seq, latest.isOpen) == (500, 10, true))
        #expect(latest.earliest == 300)
        // Equal instants are in order.
        var same = StatusLatest(at: 500, seq: 10, isOpen: true, accepted: false)
        same.add(at: 500, seq: 11, isOpen: false, accepted: false)
        #expect(!same.disordered)
    }

    @Test func anAcceptanceAnywhereInTheBatchIsKept() {
        var latest = StatusLatest(at: 100, seq: 1, isOpen: true, accepted: false)
        latest.add(at: 150, seq: 2, isOpen: true, accepted: true)
        latest.add(at: 400, seq: 3, isOpen: false, accepted: false)
        #expect(latest.accepted)
        #expect((latest.at, latest.isOpen) == (400, false))
    }
}

/// `dialog_status_latest` as ingestion leaves it, in one batch and one event a batch: d2 is
/// opened on the 6th, closed on the 7th, reopened by a message on the 8th, then closed by a close
/// stamped on the 7th but ingested last (out of time order: its latest change stays the reopen);
/// d1 is opened and closed in order.
@Suite struct StatusLatestIngestionTests {
    @Test(arguments: [1000, 1])
    func aLateCloseLeavesTheReopenLatestAndMarksTheDialogOutOfOrder(batchSize: Int) throws {
        let fixture = try IngestFixture()
        func at(_ line: String, _ instant: String) -> String {
            line.replacingOccurrences(
                of: #"("at":")[^"]*"#,
                with: "$1" + instant,
                options: .regularExpression
            )
        }
        let closeBy = #""by":{"user":"m1"}"#
        try fixture.ingest(
            fixture.setup() + [
                at(fixture.received("d1", message: "m1", contact: "k1"), "2026-01-06T09:00:00Z"),
                at(fixture.event("dialog.closed", #""dialog":"d1","# + closeBy), "2026-01-06T10:00:00Z"),
                at(fixture.received("d2", message: "m2", contact: "k2"), "2026-01-06T09:10:00Z"),
                at(fixture.event("dialog.closed", #""dialog":"d2","# + closeBy), "2026-01-07T10:00:00Z"),
                at(fixture.received("d2", message: "m3", contact: "k2"), "2026-01-08T09:00:00Z"),
                at(fixture.event("dialog.closed", #""dialog":"d2","# + closeBy), "2026-01-07T12:00:00Z"),
            ],
            batchSize: batchSize
        )
        #expect(
            try fixture.rows(
                """
                SELECT d.dialog_id, to_char(s.at AT TIME ZONE 'UTC', 'DD HH24:MI'), s.is_open, s.disordered, s.held
                FROM dialog_status_latest s JOIN dialogs d USING (dialog_key) ORDER BY d.dialog_id
                """
            ) == ["d1|06 10:00|f|f|f", "d2|08 09:00|t|t|f"]
        )
        #expect(try fixture.integrityViolations().isEmpty)
    }
}

import Testing

@testable import ChatStore

/// The client-side grouping that replaced the server's `ORDER BY dialog`: rows arrive in any
/// order on several connections, and every dialog is replayed once, its facts in (at, seq, code)
/// order.
@Suite struct DialogFactGroupsTests {
    /// What a replay hands over: each dialog's key and its facts, in replay order.
    struct Recorder: DialogFactsSink {
        var dialogs: [(key: Int64, facts: [ExtractedFact])] = []

        mutating func beginDialog(_ dialog: ExtractedDialog) { dialogs.append((dialog.key, [])) }
        mutating func add(_ fact: ExtractedFact) { dialogs[dialogs.count - 1].facts.append(fact) }
        mutating func endDialog() {}
    }

    static func header(_ key: Int64) -> ExtractedDialog {
        ExtractedDialog(key: key, sourceID: "d\(key)", channel: 1, privacy: .notHeld)
    }

    static func fact(_ dialog: Int64, at: Int64, seq: Int64, code: Int, reference: Int64 = 0) throws -> PackedFact {
        try PackedFact(dialog: dialog, at: at, seq: seq, code: code, flag: false, reference: reference)
    }

    /// Two connections' rows, interleaved and out of order: dialog 2's facts on both, dialog 3
    /// with no fact at all, and a fact of dialog 9, which has no header (an internal dialog).
    static func shares() throws -> [CollectedFacts] {
        let first = CollectedFacts(
            dialogs: [header(2), header(3)],
            facts: [
                try fact(2, at: 300, seq: 7, code: 5, reference: 4),
                try fact(9, at: 100, seq: 1, code: 2),
                try fact(1, at: 50, seq: 2, code: 2),
                try fact(2, at: 200, seq: 5, code: 11),
            ]
        )
        let second = CollectedFacts(
            dialogs: [header(1)],
            facts: [
                try fact(2, at: 200, seq: 5, code: 2),
                try fact(2, at: 200, seq: 5, code: 1),
                try fact(2, at: 300, seq: 7, code: 3, reference: 4),
                try fact(1, at: 40, seq: 3, code: 2),
                try fact(2, at: 200, seq: 4, code: 8, reference: 4),
            ]
        )
        return [first, second]
    }

    @Test(arguments: [1, 2, 3, 5])
    func everyDialogIsReplayedOnceInKeyOrderWithItsFactsInOrder(parts: Int) throws {
        var shares = try Self.shares()
        let groups = DialogFactGroups(taking: &shares, parts: parts)
        #expect(shares.allSatisfy { $0.factCount == 0 && $0.dialogs.isEmpty })
        #expect(groups.factCount == 8)
        var recorder = Recorder()
        for part in 0..<parts { try groups.forEachDialog(part: part, into: &recorder) }
        // A part is replayed once: its facts are freed as they go.
        #expect(throws: StoreError.self) { try groups.forEachDialog(part: 0, into: &recorder) }
        // In key order (the engine's breach rows then come in sorted runs).
        #expect(recorder.dialogs.map(\.key) == [1, 2, 3])
        let byKey = Dictionary(uniqueKeysWithValues: recorder.dialogs.map { ($0.key, $0.facts) })
        #expect(recorder.dialogs.count == 3)
        #expect(byKey[3]?.isEmpty == true)
        #expect(byKey[1]?.map(\.at) == [40, 50])
        // Same (at, seq): the automatic close first, the message before the reopen it caused;
        // the reply before the assignment it caused.
        #expect(
            byKey[2]?.map(\.kind) == [
                .closedByUser(4), .autoClose, .customerMessage, .reopen, .userMessage(user: 4, failed: false),
                .assignedToUser(4),
            ]
        )
        #expect(byKey[2]?.map(\.seq) == [4, 5, 5, 5, 7, 7])
    }

    @Test func keysFarApartAreGroupedToo() throws {
        let share = CollectedFacts(
            dialogs: [Self.header(4_000_000_000), Self.header(1)],
            facts: [
                try Self.fact(1, at: 2, seq: 2, code: 2), try Self.fact(4_000_000_000, at: 1, seq: 1, code: 2),
                try Self.fact(1, at: 1, seq: 3, code: 2),
            ]
        )
        var shares = [share]
        let groups = DialogFactGroups(taking: &shares, parts: 1)
        var recorder = Recorder()
        try groups.forEachDialog(part: 0, into: &recorder)
        #expect(recorder.dialogs.map(\.key) == [1, 4_000_000_000])
        #expect(groups.dialog(withKey: 4_000_000_000)?.sourceID == "d4000000000")
        #expect(groups.dialog(withKey: 2) == nil && groups.dialog(withKey: 5_000_000_000) == nil)
        #expect(recorder.dialogs.map { $0.facts.map(\.seq) } == [[3, 2], [1]])
    }

    /// More facts than a chunk holds, across several parts: every one replayed once, in order.
    @Test func factsAcrossManyChunksAreReplayedInOrderAndFreedBehind() throws {
        let dialogCount = 3_000
        let perDialog = 60  // 180,000 facts: about three chunks
        var facts: [PackedFact] = []
        for round in (0..<perDialog).reversed() {
            for dialog in 1...dialogCount {
                facts.append(
                    try Self.fact(Int64(dialog), at: Int64(round), seq: Int64(round * dialogCount + dialog), code: 2)
                )
            }
        }
        var shares = [
            CollectedFacts(
                dialogs: (1...dialogCount).map { Self.header(Int64($0)) },
                facts: Array(facts.prefix(90_000))
            ),
            CollectedFacts(dialogs: [], facts: Array(facts.dropFirst(90_000))),
        ]
        let groups = DialogFactGroups(taking: &shares, parts: 3)
        var recorder = Recorder()
        for part in 0..<3 { try groups.forEachDialog(part: part, into: &recorder) }
        #expect(recorder.dialogs.map(\.key) == (1...dialogCount).map(Int64.init))
        #expect(recorder.dialogs.allSatisfy { $0.facts.map(\.at) == (0..<Int64(perDialog)).map { $0 } })
    }

    @Test func aKeyAboveThirtyTwoBitsIsRefusedWithASentence() {
        #expect(throws: StoreError.self) { try Self.fact(1 << 32, at: 1, seq: 1, code: 2) }
        #expect(throws: StoreError.self) { try Self.fact(1, at: 1, seq: 1, code: 3, reference: 1 << 32) }
    }

    /// The workers' block ranges of each table meet end to end, from block 0 to the end of
    /// every table, whatever the sizes read.
    @Test(arguments: [1, 2, 3, 7])
    func blockRangesCoverEveryTableOnce(workers: Int) throws {
        let blocks = TableBlocks(counts: [0, 1_000_003])
        let shares = try (0..<workers).map { try blocks.share($0, of: workers) }
        for (index, table) in TableBlocks.tables.enumerated() {
            let ranges = shares.map { $0[index] }
            #expect(ranges.allSatisfy { $0.table == table })
            #expect(ranges.first?.blocks.lowerBound == 0)
            #expect(ranges.last?.blocks.upperBound == TableBlocks.endOfTable)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.blocks.upperBound == $1.blocks.lowerBound })
        }
        if workers > 1 {
            #expect(throws: StoreError.self) { try TableBlocks.unknown.share(0, of: workers) }
        }
    }
}

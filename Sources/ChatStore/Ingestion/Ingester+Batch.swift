import ChatDomain
import Foundation
import Logging
import PostgresClient

extension Ingester {
    /// What the ledger says about one line of a batch.
    enum LineVerdict {
        case new(EventEnvelope)
        case duplicate
        /// Undecodable (`decode`) or a conflicting duplicate (`ledger`).
        case rejected(Rejection, stage: String)
    }

    /// A batch sorted by the ledger, with what the database already holds of it.
    struct ClassifiedBatch {
        var verdicts: [LineVerdict]
        /// The digest of every line rejected before the rules (nil for the others).
        var digests: [String?]
        /// Digests of rejected lines already stored (by earlier runs or the batch in flight).
        var storedDigests: Set<String>
        /// Ids of this batch's new events with the SHA-256 of their canonical text.
        var seen: [String: [UInt8]]
        /// The SHA-256 of each line's canonical text (empty for lines that did not decode).
        var eventDigests: [[UInt8]]
    }

    /// Sorts a decoded batch through the ledger and loads what the batch references (steps 2–4).
    ///
    /// Uses the connection: call it only while no batch is being written. The batch in flight
    /// (applied, not yet committed) is known through `inFlightSeen` and `inFlightDigests`.
    /// `forced` holds lines (by index) the database refused, rejected with the stage `database`.
    /// - Complexity: O(lines); three lookups at most (event ids, rejected lines, messages of
    ///   earlier runs), plus the working set's statements on demand (`loadWorkingSet`).
    func classify(
        _ input: BatchInput,
        decoded: [Result<EventEnvelope, Rejection>],
        digests eventDigests: [[UInt8]],
        forced: [Int: Rejection] = [:]
    ) throws -> ClassifiedBatch {
        var mark = ContinuousClock.now
        func lap(_ name: String) {
            let now = ContinuousClock.now
            timings[name, default: .zero] += now - mark
            mark = now
        }
        // 1. The lines were decoded by the read-ahead thread (see `ReadAhead`).
        // 2. The ledger: ids seen by earlier batches (and runs), then within this batch.
        // With the ledger empty at start, each id's bits in the run's filter, computed once.
        let probes: [EventIDFilter.Probes?] = decoded.map { result in
            guard runIDs != nil, case .success(let event) = result else { return nil }
            return EventIDFilter.probes(event.id)
        }
        var ids: [String] = []
        for (index, result) in decoded.enumerated() {
            guard case .success(let event) = result else { continue }
            if let probe = probes[index], runIDs?.mayContain(probe) == false { continue }
            ids.append(event.id)
        }
        let known = try knownEvents(ids)
        lap("lookup events")
        var seenInBatch: [String: [UInt8]] = [:]
        seenInBatch.reserveCapacity(decoded.count)
        let instant = now()
        let latest = instant > Int64.max - maxFuture ? Int64.max : instant + maxFuture
        var verdicts: [LineVerdict] = []
        verdicts.reserveCapacity(input.count)
        for (index, result) in decoded.enumerated() {
            if let rejection = forced[index] {
                verdicts.append(.rejected(rejection, stage: "database"))
                continue
            }
            switch result {
            case .failure(let rejection):
                verdicts.append(.rejected(rejection, stage: "decode"))
            case .success(let event):
                let digest = eventDigests[index]
                // With the ledger empty at start, an id the run's filter has not met is new: it
                // is neither stored, nor in this batch so far, nor in the batch in flight.
                let certainlyNew = probes[index].map { runIDs?.mayContain($0) == false } ?? false
                if !certainlyNew, let stored = known[event.id] ?? seenInBatch[event.id] ?? inFlightSeen[event.id] {
                    if stored == digest {
                        verdicts.append(.duplicate)
                    } else {
                        let rejection = Rejection(
                            .conflictingDuplicate,
                            "event \"\(event.id)\" was already ingested with other content",
                            eventID: event.id
                        )
                        verdicts.append(.rejected(rejection, stage: "ledger"))
                    }
                } else if event.at > latest {
                    // Not in the ledger: the sender may send the same id again with a corrected `at`.
                    verdicts.append(.rejected(futureRejection(event, instant: instant), stage: "future"))
                } else {
                    seenInBatch[event.id] = digest
                    if let probe = probes[index] { runIDs?.insert(probe) }
                    verdicts.append(.new(event))
                }
            }
        }

        // 3. Lines rejected before the rules are stored once: recognise them by content.
        var digests: [String?] = Array(repeating: nil, count: input.count)
        var digestList: [String] = []
        for (index, verdict) in verdicts.enumerated() {
            if case .rejected = verdict {
                let digest = input.arena.withUnsafeBufferPointer {
                    Self.digest(UnsafeBufferPointer(rebasing: $0[input.starts[index]..<input.ends[index]]))
                }
                digests[index] = digest
                digestList.append(digest)
            }
        }
        let storedDigests = try knownRejectedLines(digestList).union(inFlightDigests)

        lap("lookup lines")
        // 4. What the batch reaches (on demand), and messages of earlier runs it references.
        if stateLoading == .onDemand {
            try loadWorkingSet(for: verdicts)
            lap("load working set")
        }
        try loadMessages(referencedBy: verdicts)
        lap("lookup messages")
        return ClassifiedBatch(
            verdicts: verdicts,
            digests: digests,
            storedDigests: storedDigests,
            seen: seenInBatch,
            eventDigests: eventDigests
        )
    }

    /// Applies a classified batch in file order and builds its transaction (steps 5–6).
    ///
    /// Touches no connection: the previous batch may still be being written.
    /// - Complexity: O(lines + facts).
    func apply(_ input: BatchInput, _ classified: ClassifiedBatch, source: String) throws -> BatchWrite {
        batch.reset()
        batch.summary.lines = input.count
        var mark = ContinuousClock.now
        func lap(_ name: String) {
            let now = ContinuousClock.now
            timings[name, default: .zero] += now - mark
            mark = now
        }
        let verdicts = classified.verdicts
        let digests = classified.digests
        var storedDigests = classified.storedDigests
        // 5. Apply in file order.
        for (index, verdict) in verdicts.enumerated() {
            switch verdict {
            case .duplicate:
                batch.summary.duplicates += 1
            case .rejected(let rejection, let stage):
                let digest = digests[index] ?? ""
                if storedDigests.insert(digest).inserted {
                    lastSeq += 1
                    appendRejected(
                        rejection,
                        stage: stage,
                        seq: lastSeq,
                        input: input,
                        index: index,
                        source: input.source(index, else: source),
                        digest: digest
                    )
                }
                noteRejected(rejection, input: input, index: index, source: input.source(index, else: source))
            case .new(let event):
                lastSeq += 1
                let outcome = state.apply(event, seq: lastSeq)
                let ledgerRow = (lastSeq, outcome.rejection == nil, event.id, classified.eventDigests[index])
                batch.append(IngestTables.ingestedEvents, ledgerRow)
                switch outcome {
                case .accepted(let facts):
                    batch.summary.accepted += 1
                    try record(facts, of: event)
                case .rejected(var rejection):
                    batch.refusedEvents += 1
                    if rejection.eventID == nil { rejection.eventID = event.id }
                    appendRejected(
                        rejection,
                        stage: "rules",
                        seq: lastSeq,
                        input: input,
                        index: index,
                        source: input.source(index, else: source),
                        digest: digests[index]
                            ?? input.arena.withUnsafeBufferPointer {
                                Self.digest(UnsafeBufferPointer(rebasing: $0[input.starts[index]..<input.ends[index]]))
                            }
                    )
                    noteRejected(rejection, input: input, index: index, source: input.source(index, else: source))
                }
            }
        }

        inFlightSeen = classified.seen
        inFlightDigests = storedDigests
        let job = try prepareWrite()
        lap("apply and rows")
        return job
    }

    /// `in_future`: names the event's instant, the ingestion instant and the margin.
    func futureRejection(_ event: EventEnvelope, instant: Int64) -> Rejection {
        Rejection(
            .inFuture,
            "field \"at\": \(RFC3339.format(event.at)) is more than \(Self.describe(micros: maxFuture)) after the "
                + "instant it was ingested, \(RFC3339.format(instant)); the sender's clock is wrong, or give "
                + "--max-future a larger margin",
            eventID: event.id
        )
    }

    /// `24 h`, `90 min`, `45 s`, `0 s`: a margin in the largest whole unit.
    static func describe(micros: Int64) -> String {
        let seconds = micros / 1_000_000
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60) min" }
        if micros % 1_000_000 == 0 { return "\(seconds) s" }
        return "\(micros) µs"
    }

    private func noteRejected(_ rejection: Rejection, input: BatchInput, index: Int, source: String) {
        batch.summary.rejected += 1
        batch.summary.rejectedByCode[rejection.code.rawValue, default: 0] += 1
        batch.rejectedLines.append(
            RejectedLine(
                source: source,
                lineNumber: input.numbers[index],
                eventID: rejection.eventID,
                code: rejection.code.rawValue,
                message: rejection.message,
                bytes: input.bytes(index)
            )
        )
    }

    private func appendRejected(
        _ rejection: Rejection,
        stage: String,
        seq: Int64,
        input: BatchInput,
        index: Int,
        source: String,
        digest: String
    ) {
        // PostgreSQL text holds neither invalid UTF-8 nor NUL: both become U+FFFD in the table
        // (the rejects file keeps the exact bytes).
        var text = String(decoding: input.arena[input.starts[index]..<input.ends[index]], as: UTF8.self)
        if text.utf8.contains(0) { text = text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") }
        let row: IngestTables.RejectedRow = (
            seq, rejection.eventID, source, Int64(input.numbers[index]), rejection.code,
            rejection.message.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"), text, digest, stage
        )
        batch.append(IngestTables.rejectedEvents, row)
    }

    /// `fnv1a64:<hex>:<length>` of a line's bytes: how a line without a usable id is recognised.
    static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return "fnv1a64:\(String(hash, radix: 16)):\(bytes.count)"
    }

    /// The digest of the canonical text of the ids already in `ingested_events`.
    private func knownEvents(_ ids: [String]) throws -> [String: [UInt8]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try reader.query(PostgresQuery(sql: try reads("seen_events"), binds: [ids.postgresBind]))
        var known: [String: [UInt8]] = [:]
        for row in 0..<rows.count {
            if let id = rows[row, 0], let hex = rows[row, 1] { known[id] = Self.bytes(hex: hex) }
        }
        return known
    }

    /// The bytes of a `bytea` in PostgreSQL's hex output (`\x0a1b…`).
    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(32)
        var high: UInt8?
        for byte in hex.utf8.dropFirst(2) {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default: continue
            }
            if let first = high {
                result.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return result
    }

    private func knownRejectedLines(_ digests: [String]) throws -> Set<String> {
        guard !digests.isEmpty else { return [] }
        let rows = try reader.query(
            PostgresQuery(sql: try reads("seen_rejected_lines"), binds: [digests.postgresBind])
        )
        var known: Set<String> = []
        for row in 0..<rows.count { if let digest = rows[row, 0] { known.insert(digest) } }
        return known
    }

    /// Loads the compact state of messages stored before this ingester started that the batch names.
    private func loadMessages(referencedBy verdicts: [LineVerdict]) throws {
        guard messagesBeforeStart else { return }
        var wanted: Set<String> = []
        func want(_ id: MessageID?) {
            if let id, messageKeys[id] == nil { wanted.insert(id.rawValue) }
        }
        for case .new(let event) in verdicts {
            switch event.payload {
            case .messageReceived(_, _, _, let message, _, _, let quote):
                want(message)
                want(quote)
            case .messageSent(_, let message, _, _, _, let quote, _):
                want(message)
                want(quote)
            case .messageStatus(let message, _, _): want(message)
            case .messageEdited(let message, _): want(message)
            case .internalMessage(_, _, _, let message, _): want(message)
            default: break
            }
        }
        guard !wanted.isEmpty else { return }
        let rows = try reader.query(PostgresQuery(sql: try reads("messages"), binds: [Array(wanted).postgresBind]))
        for row in 0..<rows.count {
            guard let keyText = rows[row, 0], let key = Int64(keyText),
                let id = rows[row, 1], let dialog = rows[row, 2],
                let sender = rows[row, 3].flatMap(SenderKind.init(rawValue:)),
                let statusText = rows[row, 4]
            else { throw StoreError.storedDataUnreadable("unreadable row in messages") }
            let status = DeliveryStatus(rawValue: statusText) ?? .delivered
            messageKeys.restore(MessageID(id), key: key)
            state.insert(
                message: MessageID(id),
                MessageState(
                    dialog: DialogID(dialog),
                    sender: sender,
                    status: status,
                    blockedByContact: rows[row, 5] == "t"
                )
            )
        }
    }
}

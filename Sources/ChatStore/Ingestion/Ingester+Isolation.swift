import ChatDomain
import Foundation
import Logging
import PostgresClient

extension Ingester {
    /// What to do with a committed batch (its rejected lines and counts); see `ingest`.
    typealias Committed = ((job: BatchWrite, timings: [String: Duration])?) throws -> Void

    /// Waits for the batch the writer holds. When the database refused it for its data, the
    /// batch's lines (and `applied`'s, applied after it and not written yet) are written again
    /// with the failing lines isolated and rejected (``writeIsolating(_:source:forced:committed:)``).
    ///
    /// - Parameters:
    ///   - writer: the writer thread.
    ///   - submitted: the lines of the batch the writer holds (nil when none); cleared.
    ///   - applied: the lines of the batch applied after it, not submitted yet.
    ///   - source: the input's name, for rejected lines.
    ///   - committed: called with every committed batch.
    /// - Returns: whether `applied` was written here (its prepared write must then be dropped).
    /// - Throws: any other failure of the write, unchanged.
    func settle(
        _ writer: BatchWriter,
        submitted: inout BatchInput?,
        applied: BatchInput?,
        source: String,
        committed: Committed
    ) throws -> Bool {
        do {
            try committed(try writer.wait())
            submitted = nil
            return false
        } catch let error as PostgresError where error.isRefusalOfData {
            guard let failed = submitted else { throw error }
            submitted = nil
            logger.warning(
                "the database refused a batch for its data; writing it again to isolate the line",
                metadata: ["sqlstate": "\(error.sqlState ?? "?")", "lines": "\(failed.count)"]
            )
            try forgetUncommitted()
            try writeIsolating(failed, source: source, committed: committed)
            guard let applied else { return false }
            try writeIsolating(applied, source: source, committed: committed)
            return true
        }
    }

    /// Writes `input` in one transaction, or, when the database refuses it for its data, in
    /// halves, down to the single line it refuses: that line is rejected `invalid_event` with the
    /// server's message (stage `database`) and everything else is ingested as if it were absent.
    ///
    /// Synchronous (no write in flight). The domain state is rebuilt from the tables after every
    /// refused attempt, so the lines after a rejected one are applied without it.
    /// - Parameters:
    ///   - input: the lines to write.
    ///   - source: the input's name, for rejected lines.
    ///   - forced: lines (by index in `input`) already known to be refused, with their rejection.
    ///   - committed: called with every committed part.
    /// - Throws: failures other than a refusal of data; a refusal of a single line's rejection
    ///   without an id (nothing of the line is left to refuse).
    /// - Complexity: O(lines · log lines) applications and O(log lines) transactions per refused
    ///   line; nothing when the first attempt commits.
    func writeIsolating(
        _ input: BatchInput,
        source: String,
        forced: [Int: Rejection] = [:],
        committed: Committed
    ) throws {
        guard input.count > 0 else { return }
        var decoded: [Result<EventEnvelope, Rejection>] = []
        decoded.reserveCapacity(input.count)
        input.arena.withUnsafeBufferPointer { arena in
            for index in 0..<input.count {
                let line = UnsafeBufferPointer(rebasing: arena[input.starts[index]..<input.ends[index]])
                decoded.append(ReadAhead.storable(decoder.decode(bytes: line)))
            }
        }
        let classified = try classify(
            input,
            decoded: decoded,
            digests: ReadAhead.digests(of: decoded),
            forced: forced
        )
        let job = try apply(input, classified, source: source)
        do {
            let timings = try job.run(on: connection)
            inFlightSeen = [:]
            inFlightDigests = []
            try committed((job, timings))
        } catch let error as PostgresError where error.isRefusalOfData {
            try forgetUncommitted()
            if input.count > 1 {
                let middle = input.count / 2
                let forcedFirst = forced.filter { $0.key < middle }
                var forcedSecond: [Int: Rejection] = [:]
                for (index, rejection) in forced where index >= middle { forcedSecond[index - middle] = rejection }
                try writeIsolating(input.lines(0..<middle), source: source, forced: forcedFirst, committed: committed)
                try writeIsolating(
                    input.lines(middle..<input.count),
                    source: source,
                    forced: forcedSecond,
                    committed: committed
                )
                return
            }
            // One line. Refused as an event: reject it. Refused again as a rejection (its id is
            // what the database cannot hold): reject it without the id.
            let eventID: String? =
                switch decoded[0] {
                case .success(let event): event.id
                case .failure(let rejection): rejection.eventID
                }
            if let rejection = forced[0] {
                guard rejection.eventID != nil else { throw error }
                var anonymous = rejection
                anonymous.eventID = nil
                try writeIsolating(input, source: source, forced: [0: anonymous], committed: committed)
                return
            }
            let state = error.sqlState.map { " (SQLSTATE \($0))" } ?? ""
            let rejection = Rejection(
                .invalidEvent,
                "the database refused this line: \(error.message)\(state)",
                eventID: eventID
            )
            logger.warning(
                "rejected a line the database refused",
                metadata: ["line": "\(input.numbers[0])", "sqlstate": "\(error.sqlState ?? "?")"]
            )
            try writeIsolating(input, source: source, forced: [0: rejection], committed: committed)
        }
    }

    /// Drops what was applied but not committed: the state is rebuilt from the tables.
    func forgetUncommitted() throws {
        inFlightSeen = [:]
        inFlightDigests = []
        try rebuildState()
    }
}

extension PostgresError {
    /// Whether the server refused a statement because of the values in it (SQLSTATE class 22 data
    /// exception, 23 integrity constraint violation, 54 program limit exceeded, e.g. an index
    /// entry too large): a line's data, not the connection or the server, is at fault.
    var isRefusalOfData: Bool {
        guard kind == .server, let sqlState else { return false }
        return sqlState.hasPrefix("22") || sqlState.hasPrefix("23") || sqlState.hasPrefix("54")
    }
}

extension BatchInput {
    /// The lines `range` of this batch, as a batch of their own (bytes copied).
    ///
    /// - Complexity: O(bytes of those lines).
    func lines(_ range: Range<Int>) -> BatchInput {
        var part = BatchInput()
        for index in range {
            part.arena.append(contentsOf: arena[starts[index]..<ends[index]])
            part.finishLine(number: numbers[index])
            if !sources.isEmpty { part.sources.append(sources[index]) }
        }
        return part
    }
}

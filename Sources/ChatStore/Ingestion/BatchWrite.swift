import Foundation
import PostgresClient

/// Everything one batch writes, as statements in order, ready to run in one transaction.
///
/// Built from the domain state on the ingesting thread, then run on the writer thread while the
/// next batch is applied: it holds values only, no reference to the state.
struct BatchWrite: Sendable {
    enum Step: Sendable {
        /// `COPY … FROM STDIN` of text rows.
        case copy(name: String, sql: String, rows: CopyRows)
        /// Several statements without parameters.
        case script(name: String, sql: String)
        /// `ingest_state`: clock, last seq, round-robin cursor, and the batch's accepted and
        /// refused events added to the watermark totals (`sql` COPYs them in one row, then sets them).
        case saveState(sql: String, clock: Int64, lastSeq: Int64, roundRobin: Int64, accepted: Int64, refused: Int64)
    }

    var steps: [Step] = []
    /// The batch's counts and rejected lines, reported once the transaction is committed.
    var summary = IngestSummary()
    var rejectedLines: [RejectedLine] = []

    /// Runs every step inside `BEGIN … COMMIT`, as ONE script (one query message).
    ///
    /// Statements other than COPY do not wait for each other's answer: the transaction costs one
    /// round trip per COPY plus one (a small group of `chatsla serve` is bound by round trips).
    /// When a statement fails, the transaction is rolled back and its error thrown.
    ///
    /// - Returns: the time each COPY took, and the statements between them.
    /// - Complexity: O(bytes of the rows); one round trip per COPY step, plus one.
    func run(on connection: PostgresConnection) throws -> [String: Duration] {
        var script = "BEGIN;\n"
        var copying: [[UInt8]] = []
        var copyNames: [String] = []
        // What runs before the first COPY, between two COPYs, and after the last (for timings).
        var segments: [String] = []
        var between: [String] = []
        func add(_ sql: String) { script += sql + "\n;\n" }
        for step in steps {
            switch step {
            case .copy(let name, let sql, let rows) where rows.count <= Self.rowsInsertedInline:
                add(Self.inlined(sql, rows: rows.bytes))
                between.append(name)
            case .copy(let name, let sql, let rows):
                segments.append(between.joined(separator: " + "))
                between = []
                add(sql)
                copying.append(rows.bytes)
                copyNames.append(name)
            case .script(let name, let sql):
                add(sql)
                between.append(name)
            case .saveState(let sql, let clock, let lastSeq, let roundRobin, let accepted, let refused):
                var row = CopyRows()
                for value in [clock, lastSeq, roundRobin, accepted, refused] { row.int(value) }
                row.endRow()
                add(Self.inlined(sql, rows: row.bytes))
                between.append("save_state")
            }
        }
        segments.append((between + ["commit"]).joined(separator: " + "))
        script += "COMMIT"

        var timings: [String: Duration] = [:]
        var mark = ContinuousClock.now
        var inCopy: Int?
        func lap(_ name: String) {
            let now = ContinuousClock.now
            if !name.isEmpty { timings["  " + name, default: .zero] += now - mark }
            mark = now
        }
        do {
            try connection.execute(script: script, copying: copying) { event in
                switch event {
                case .copyStarted(let index):
                    lap(segments[index])
                    inCopy = index
                case .statementDone:
                    if let index = inCopy {
                        lap(copyNames[index])
                        inCopy = nil
                    }
                }
            }
        } catch {
            // A rollback on a broken connection fails too; the original error is the one to report.
            _ = try? connection.query(PostgresQuery(sql: "ROLLBACK"))
            throw error
        }
        lap(segments[segments.count - 1])
        return timings
    }
}

extension BatchWrite {
    /// A table of at most this many rows is written by an `INSERT … VALUES` inside the script
    /// instead of a COPY: a COPY costs a round trip of its own, which is most of the cost of a
    /// small group of `chatsla serve` (one to ten events). Larger tables keep COPY.
    static let rowsInsertedInline = 64

    /// `sql`'s `COPY table (columns) FROM STDIN` as `INSERT INTO table (columns) VALUES …` of
    /// `rows` (text COPY format); the statements around it are kept.
    static func inlined(_ sql: String, rows: [UInt8]) -> String {
        // A plain byte search (neither Foundation's nor the generic `firstRange`, each a few µs):
        // this runs for most tables of every small group.
        let text = Array(sql.utf8)
        guard let copy = Self.range(of: Array("COPY ".utf8), in: text, from: 0),
            let from = Self.range(of: Array("FROM STDIN".utf8), in: text, from: copy.upperBound)
        else { preconditionFailure("not a COPY … FROM STDIN statement: \(sql)") }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        var target = text[copy.upperBound..<from.lowerBound]
        while let first = target.first, isSpace(first) { target = target.dropFirst() }
        while let last = target.last, isSpace(last) { target = target.dropLast() }
        var out = String(decoding: text[..<copy.lowerBound], as: UTF8.self)
        out += "INSERT INTO "
        out += String(decoding: target, as: UTF8.self)
        out += " VALUES "
        out += TextCopyFormat.valuesList(rows)
        out += String(decoding: text[from.upperBound...], as: UTF8.self)
        return out
    }

    /// The first occurrence of `word` in `text` at or after `start`.
    private static func range(of word: [UInt8], in text: [UInt8], from start: Int) -> Range<Int>? {
        guard let first = word.first, text.count >= word.count else { return nil }
        var index = start
        while index <= text.count - word.count {
            if text[index] == first, text[index..<(index + word.count)].elementsEqual(word) {
                return index..<(index + word.count)
            }
            index += 1
        }
        return nil
    }
}

/// Runs ``BatchWrite``s one at a time on a background thread.
///
/// The caller uses the connection only between ``wait()`` and the next ``submit(_:connection:)``.
final class BatchWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "chatsla.ingest.writer")
    private let done = DispatchSemaphore(value: 0)
    private var pending: BatchWrite?
    private var result: Result<[String: Duration], any Error> = .success([:])

    /// Starts writing `job`; at most one job is in flight (call ``wait()`` first).
    func submit(_ job: BatchWrite, connection: PostgresConnection) {
        pending = job
        let box = UncheckedConnection(connection: connection)
        queue.async {
            self.result = Result { try job.run(on: box.connection) }
            self.done.signal()
        }
    }

    /// Waits for the job in flight, if any.
    ///
    /// - Returns: the committed job with its statement timings, or `nil` when none was in flight.
    /// - Throws: what the job threw (it was rolled back).
    func wait() throws -> (job: BatchWrite, timings: [String: Duration])? {
        guard let job = pending else { return nil }
        done.wait()
        pending = nil
        return (job, try result.get())
    }
}

/// The connection handed to the writer thread; the ingesting thread does not touch it meanwhile.
private struct UncheckedConnection: @unchecked Sendable {
    let connection: PostgresConnection
}

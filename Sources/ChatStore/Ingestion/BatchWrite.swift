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
        /// refused events added to the watermark totals.
        case saveState(sql: String, clock: Int64, lastSeq: Int64, roundRobin: Int64, accepted: Int64, refused: Int64)
    }

    var steps: [Step] = []
    /// The batch's counts and rejected lines, reported once the transaction is committed.
    var summary = IngestSummary()
    var rejectedLines: [RejectedLine] = []

    /// Runs every step inside `BEGIN … COMMIT`.
    ///
    /// - Returns: the time each statement took.
    /// - Complexity: O(bytes of the rows); about two round trips per step.
    func run(on connection: PostgresConnection) throws -> [String: Duration] {
        var timings: [String: Duration] = [:]
        try connection.transaction {
            for step in steps {
                let started = ContinuousClock.now
                switch step {
                case .copy(let name, let sql, let rows):
                    try connection.copyIn(sql) { writer in try writer.write(rows.bytes) }
                    timings["  " + name, default: .zero] += ContinuousClock.now - started
                case .script(let name, let sql):
                    try connection.execute(script: sql)
                    timings["  " + name, default: .zero] += ContinuousClock.now - started
                case .saveState(let sql, let clock, let lastSeq, let roundRobin, let accepted, let refused):
                    try connection.query(
                        PostgresQuery(
                            sql: sql,
                            binds: [
                                clock.postgresBind, lastSeq.postgresBind, roundRobin.postgresBind,
                                accepted.postgresBind, refused.postgresBind,
                            ]
                        )
                    )
                }
            }
        }
        return timings
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

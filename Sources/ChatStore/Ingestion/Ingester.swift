import ChatDomain
import Foundation
import Logging
import PostgresClient

/// Applies JSON Lines events to the database under the chat rules, exactly once.
///
/// ```swift
/// let ingester = try Ingester(connection: connection, logger: logger)
/// let summary = try ingester.ingest(source: "events.jsonl", descriptor: fd) { rejected in … }
/// ```
/// Lines are read in batches (`batchSize` lines); each batch is decoded, checked against the
/// event ledger, applied in file order to the in-memory ``DomainState``, and written in ONE
/// transaction: its facts, its `ingested_events` and `rejected_events` rows and `ingest_state`.
/// A crash therefore loses or doubles nothing: re-running the same input reports the committed
/// events as duplicates and finishes the rest. One ingester at a time (a session advisory lock).
/// After a thrown error the in-memory state may be ahead of the database: discard the ingester
/// (and its connection) and start a new one, which restores from what was committed.
///
/// Memory: the domain state of every entity and dialog, plus the compact state of at most about
/// `messagesInMemory` messages: ``DomainState`` cannot forget a message, so past that bound the
/// state is rebuilt from the tables (the same restore as at start, exact after every commit).
/// Messages of earlier runs (or from before a rebuild) and event ids are looked up per batch,
/// only those the batch references.
public final class Ingester {
    let connection: PostgresConnection
    let logger: Logger
    let batchSize: Int
    let messagesInMemory: Int
    let reads: NamedQueries
    let writes: NamedQueries
    let decoder = EventDecoder()
    /// How far after the ingestion instant an event may be stamped (microseconds); later ones are
    /// rejected `in_future`.
    let maxFuture: Int64
    /// The ingestion instant (microseconds since the epoch), read once per batch.
    let now: () -> Int64

    /// 24 hours: SPEC §3's margin for `in_future`.
    public static let defaultMaxFuture: Int64 = 86_400_000_000

    /// The machine's clock in microseconds since the epoch.
    public static func wallClock() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    var state = DomainState()
    var lastSeq: Int64 = 0
    var batch = IngestBatch()
    /// Whether `messages` held rows when this ingester started (else no lookups are needed).
    var messagesBeforeStart = false
    /// Whether `ingested_events` held rows when this ingester started; if not, `runIDs` says
    /// which ids can be repeats and only those are looked up.
    var eventsBeforeStart = true
    var runIDs: EventIDFilter?
    /// The ledger's view of the batch being written (applied, maybe not yet committed).
    var inFlightSeen: [String: String] = [:]
    var inFlightDigests: Set<String> = []

    var storeKeys = SurrogateKeys<StoreID>()
    var channelKeys = SurrogateKeys<ChannelID>()
    var userKeys = SurrogateKeys<UserID>()
    var botKeys = SurrogateKeys<BotID>()
    var customerKeys = SurrogateKeys<CustomerID>()
    var contactKeys = SurrogateKeys<ContactKey>()
    var quickReplyKeys = SurrogateKeys<QuickReplyID>()
    var dialogKeys = SurrogateKeys<DialogID>()
    var orderKeys = SurrogateKeys<OrderID>()
    var taskKeys = SurrogateKeys<TaskID>()
    var messageKeys = SurrogateKeys<MessageID>()

    /// Time spent per phase and statement, for `bench ingest` and debug logs.
    public internal(set) var timings: [String: Duration] = [:]

    /// Everything ingested by this object so far.
    public private(set) var summary = IngestSummary()

    /// Takes the ingestion lock and rebuilds the domain state from the tables.
    ///
    /// - Parameters:
    ///   - connection: a connection to a migrated database, used by this ingester alone.
    ///   - logger: where progress and restore figures are logged.
    ///   - batchSize: lines per transaction.
    ///   - messagesInMemory: when the domain state holds more messages than this after a batch, it
    ///     is rebuilt from the tables (which hold no message states: the next batches load those
    ///     they reference), so memory stays bounded however long the input.
    ///   - maxFuture: events stamped more than this (microseconds) after `now()` are rejected
    ///     `in_future`.
    ///   - now: the ingestion instant, read once per batch (the machine's clock; tests inject one).
    /// - Throws: `StoreError` when another ingestion holds the lock; `PostgresError`.
    /// - Complexity: O(rows of the entity, dialog and settings tables); messages are not read.
    public init(
        connection: PostgresConnection,
        logger: Logger = Logger(label: "chatsla.ingest"),
        batchSize: Int = 20_000,
        messagesInMemory: Int = 2_000_000,
        maxFuture: Int64 = Ingester.defaultMaxFuture,
        now: @escaping () -> Int64 = Ingester.wallClock
    )
        throws
    {
        self.connection = connection
        self.maxFuture = max(0, maxFuture)
        self.now = now
        self.messagesInMemory = max(1, messagesInMemory)
        self.logger = logger
        self.batchSize = max(1, batchSize)
        try Migrator().requireCurrent(connection)
        reads = try NamedQueries("ingest/restore.sql")
        writes = try NamedQueries("ingest/write.sql")
        // A session that just ended may still hold the lock for a moment: wait up to 5 s.
        var attempts = 0
        while try connection.query(PostgresQuery(sql: try reads("lock")))[0, 0] != "t" {
            attempts += 1
            guard attempts < 50 else {
                throw StoreError("another chatsla ingest is running on this database; wait for it to finish")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        try connection.execute(script: try writes("temp_tables"))
        let started = ContinuousClock.now
        try restore()
        logger.info(
            "restored the domain state",
            metadata: [
                "dialogs": "\(state.dialogs.count)", "last_seq": "\(lastSeq)",
                "elapsed": "\(ContinuousClock.now - started)",
            ]
        )
    }

    /// Forgets the in-memory state and restores it from the tables (message states are then
    /// loaded per batch).
    ///
    /// - Complexity: O(rows of the entity, dialog and settings tables).
    func rebuildState() throws {
        let started = ContinuousClock.now
        let messages = state.messages.count
        state = DomainState()
        storeKeys = SurrogateKeys()
        channelKeys = SurrogateKeys()
        userKeys = SurrogateKeys()
        botKeys = SurrogateKeys()
        customerKeys = SurrogateKeys()
        contactKeys = SurrogateKeys()
        quickReplyKeys = SurrogateKeys()
        dialogKeys = SurrogateKeys()
        orderKeys = SurrogateKeys()
        taskKeys = SurrogateKeys()
        messageKeys = SurrogateKeys()
        try restore()
        logger.info(
            "rebuilt the domain state to bound memory",
            metadata: ["messages_dropped": "\(messages)", "elapsed": "\(ContinuousClock.now - started)"]
        )
    }

    /// Ingests one input to its end.
    ///
    /// - Parameters:
    ///   - source: the name stored with rejected lines (`-` for standard input).
    ///   - descriptor: an open file descriptor to read; it is not closed.
    ///   - rejects: called with every rejected line once its batch is committed.
    ///   - progress: called after every committed batch with the totals so far.
    /// - Returns: the counts of this input.
    /// - Throws: read errors, `PostgresError` (the current batch is rolled back; re-running the
    ///   same input finishes the job exactly).
    /// - Complexity: O(bytes of input) for reading and decoding, one transaction per batch.
    @discardableResult
    public func ingest(
        source: String,
        descriptor: Int32,
        rejects: (RejectedLine) throws -> Void = { _ in },
        progress: (IngestSummary) -> Void = { _ in }
    ) throws -> IngestSummary {
        let readAhead = ReadAhead(descriptor: descriptor, batchSize: batchSize)
        let writer = BatchWriter()
        var total = IngestSummary()
        func committed(_ done: (job: BatchWrite, timings: [String: Duration])?) throws {
            guard let done else { return }
            for (name, duration) in done.timings { timings[name, default: .zero] += duration }
            for line in done.job.rejectedLines { try rejects(line) }
            total.add(done.job.summary)
            summary.add(done.job.summary)
            progress(summary)
        }
        // Three stages overlap: reading and decoding batch N+1 (read-ahead thread), applying
        // batch N (this thread), writing batch N-1 (writer thread). The connection is used here
        // only between the writer's wait and its next submit.
        var current = try readAhead.next()
        if current.input.count > 0 { readAhead.start() }
        var classified = try classify(current.input, decoded: current.decoded)
        // The lines of the batch the writer holds: if the database refuses it for its data, they
        // are written again with the refused line isolated (`settle`, Ingester+Isolation.swift).
        var submitted: BatchInput?
        do {
            while current.input.count > 0 {
                let job = try apply(current.input, classified, source: source)  // overlaps write N-1
                let next = try readAhead.wait()
                if next.input.count > 0 { readAhead.start() }
                var written = try settle(
                    writer,
                    submitted: &submitted,
                    applied: current.input,
                    source: source,
                    committed: committed
                )
                if !written, state.messages.count > messagesInMemory {
                    // The rebuild reads the tables: this batch must be committed first.
                    writer.submit(job, connection: connection)
                    submitted = current.input
                    _ = try settle(writer, submitted: &submitted, applied: nil, source: source, committed: committed)
                    try rebuildState()
                    written = true
                }
                // Classifying uses the connection, so it comes before this batch's write starts;
                // the batch not yet committed is known through inFlightSeen / inFlightDigests.
                if next.input.count > 0 { classified = try classify(next.input, decoded: next.decoded) }
                if !written {
                    writer.submit(job, connection: connection)
                    submitted = current.input
                }
                current = next
            }
            _ = try settle(writer, submitted: &submitted, applied: nil, source: source, committed: committed)
        } catch {
            _ = try? writer.wait()
            throw error
        }
        timings["read and decode (overlapped)", default: .zero] += readAhead.busy
        return total
    }
}

extension IngestSummary {
    mutating func add(_ other: IngestSummary) {
        accepted += other.accepted
        duplicates += other.duplicates
        rejected += other.rejected
        lines += other.lines
        for (code, count) in other.rejectedByCode { rejectedByCode[code, default: 0] += count }
    }
}

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
/// Memory (``StateLoading/onDemand``, the default): the small tables held whole (stores,
/// channels, users, bots, quick replies, settings), plus what the batch being applied and the
/// batch being written reach: before each batch its events' ids are collected, and the
/// dialogs, contacts, customers, orders, tasks and messages they reach, with the open dialogs
/// whose auto-close falls within the batch, are loaded by key (`queries/ingest/load.sql`)
/// unless they are held already; what earlier batches reached is held up to the ``Retention``
/// bounds, then forgotten. Event ids are looked up per batch.
///
/// With ``StateLoading/wholeHistory`` (the former behaviour, kept as the oracle of the
/// differential test) the state of every entity and dialog is restored at start, plus the
/// compact state of at most about `messagesInMemory` messages: past that bound the state is
/// rebuilt from the tables (exact after every commit).
public final class Ingester {
    /// How much of the domain state the ingester holds.
    public enum StateLoading: Sendable {
        /// Only what each batch reaches, loaded before the batch (memory bounded by the batch).
        case onDemand
        /// Every entity and dialog, restored at start (memory grows with the history).
        case wholeHistory
    }

    /// How much of what earlier batches loaded stays in memory with ``StateLoading/onDemand``.
    ///
    /// A dialog's events cluster in time, so the next batches mostly name what the last ones
    /// reached: what is held is not loaded again. Past `dialogs` held dialogs or `messages` held
    /// messages, the state is cut back to what the batch being written and the batch being loaded
    /// reach, plus what the batches before them reached, newest first, while that stays under
    /// half of the bounds.
    public struct Retention: Sendable, Equatable {
        /// Held dialogs past which the state is cut back.
        public var dialogs: Int
        /// Held messages past which the state is cut back.
        public var messages: Int

        public init(dialogs: Int, messages: Int) {
            self.dialogs = max(0, dialogs)
            self.messages = max(0, messages)
        }

        /// A day or two of a 1M-dialog month's traffic. Messages are held for their statuses and
        /// edits, which come within hours: 300,000 of them rather than 600,000 (session 20) took
        /// about 100 MB off the bulk load's peak for the same rate, which paid for batches of
        /// 40,000 lines (``defaultBatchSize``).
        public static let standard = Retention(dialogs: 100_000, messages: 300_000)
        /// Every batch forgets what neither it nor the batch being written reaches.
        public static let batchOnly = Retention(dialogs: 0, messages: 0)
    }

    let connection: PostgresConnection
    let logger: Logger
    let batchSize: Int
    let messagesInMemory: Int
    let stateLoading: StateLoading
    let retention: Retention
    let reads: NamedQueries
    let writes: NamedQueries
    let loads: NamedQueries
    let decoder = EventDecoder()
    /// How far after the ingestion instant an event may be stamped (microseconds); later ones are
    /// rejected `in_future`.
    let maxFuture: Int64
    /// The ingestion instant (microseconds since the epoch), read once per batch.
    let now: () -> Int64

    /// Lines per transaction of `chatsla ingest`: 40,000. Every dialog a batch touches is
    /// written once per batch (its row, its log, its timer, its latest status), so a larger batch
    /// writes each busy dialog fewer times: the 1M month's bulk load ran at 80.6k events/s with
    /// 40,000 against 74.2k with 20,000, its peak RSS 413 MB (docs/PERFORMANCE.md, session 20).
    public static let defaultBatchSize = 40_000

    /// 24 hours: SPEC §3's margin for `in_future`.
    public static let defaultMaxFuture: Int64 = 86_400_000_000

    /// The machine's clock in microseconds since the epoch.
    public static func wallClock() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// While an input of several batches is ingested: the session that classifies batch N+1 (its
    /// look-ups and loads) while batch N is written on `connection` (see `ingest`).
    var readConnection: PostgresConnection?
    /// Where look-ups, loads and restores run: `readConnection` while it is open, else `connection`.
    var reader: PostgresConnection { readConnection ?? connection }
    /// Whether opening `readConnection` failed once (it is not tried again).
    var readerRefused = false

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
    var inFlightSeen: [String: [UInt8]] = [:]
    var inFlightDigests: Set<String> = []
    /// `ingest_state` as read at start (set on the state once the entities are in).
    var clockAtStart: Int64 = .min
    var cursorAtStart = 0
    /// Ids returned by the restore or load statements since `loaded` was last emptied.
    var loaded = RetainedEntities()
    /// Dialogs the last `restoreDialogs` inserted (their drafts are loaded with them).
    var freshDialogs: Set<DialogID> = []
    /// What the batch classified last named and reached (kept until that batch is committed).
    var reached = RetainedEntities()
    /// What the batches before it reached, oldest first (see ``Retention``).
    var earlierReached: [RetainedEntities] = []

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

    /// How a `chatsla serve` session empties its temp tables (see ``prepareForRequests()``).
    var requestCleanup: TempTableCleanup?
    /// Whether this is a `chatsla serve` session (see ``prepareForRequests()``): it loads without
    /// a snapshot transaction, and the open dialogs falling due an hour ahead (`loadWorkingSet`).
    var servesRequests = false
    /// A serve session's write scripts by name, their statements prepared once
    /// (`EXECUTE …`; see ``prepareForRequests()``); other sessions send `writes`' text.
    var preparedScripts: [String: String] = [:]
    /// While nothing is forgotten: every open dialog whose timer was armed at or before these
    /// instants (held by a user / the others) is in memory (see `loadWorkingSet`).
    var timersLoadedThrough: (assigned: Int64, idle: Int64)?
    /// Every dialog whose key is at or above this one is in memory: the dialogs this ingester
    /// created since it started or last forgot (`loadWorkingSet` does not read their timers).
    var heldDialogKeysFrom: Int64 = .max

    /// Time spent per phase and statement, for `bench ingest` and debug logs.
    public internal(set) var timings: [String: Duration] = [:]
    /// Writes the groups of ``startWrite(_:)`` on a thread of its own (`chatsla serve`).
    let groupWriter = BatchWriter()
    /// How many groups ``apply(_:)`` has applied: the in-flight ids are the latest group's.
    var appliedGroups = 0

    /// Everything ingested by this object so far.
    public internal(set) var summary = IngestSummary()

    /// Takes the ingestion lock and rebuilds the domain state from the tables.
    ///
    /// - Parameters:
    ///   - connection: a connection to a migrated database, used by this ingester alone.
    ///   - logger: where progress and restore figures are logged.
    ///   - batchSize: lines per transaction.
    ///   - messagesInMemory: with ``StateLoading/wholeHistory``, when the domain state holds more
    ///     messages than this after a batch, it is rebuilt from the tables (which hold no message
    ///     states: the next batches load those they reference).
    ///   - stateLoading: what is held in memory (see ``StateLoading``).
    ///   - retention: on demand, how much of what earlier batches loaded stays (``Retention``).
    ///   - maxFuture: events stamped more than this (microseconds) after `now()` are rejected
    ///     `in_future`.
    ///   - now: the ingestion instant, read once per batch (the machine's clock; tests inject one).
    /// - Throws: `StoreError` (``StoreError/Code/lockHeld`` when another ingestion holds the lock,
    ///   ``StoreError/Code/schemaNotCurrent``); `PostgresError`.
    /// - Complexity: O(rows of the small tables) on demand; O(rows of the entity, dialog and
    ///   settings tables) for the whole history. Messages are not read.
    public init(
        connection: PostgresConnection,
        logger: Logger = Logger(label: "chatsla.ingest"),
        batchSize: Int = Ingester.defaultBatchSize,
        messagesInMemory: Int = 2_000_000,
        stateLoading: StateLoading = .onDemand,
        retention: Retention = .standard,
        maxFuture: Int64 = Ingester.defaultMaxFuture,
        now: @escaping () -> Int64 = Ingester.wallClock
    )
        throws
    {
        self.connection = connection
        self.maxFuture = max(0, maxFuture)
        self.now = now
        self.stateLoading = stateLoading
        self.retention = retention
        self.messagesInMemory = max(1, messagesInMemory)
        self.logger = logger
        self.batchSize = max(1, batchSize)
        try Migrator().requireCurrent(connection)
        reads = try NamedQueries("ingest/restore.sql")
        writes = try NamedQueries("ingest/write.sql")
        loads = try NamedQueries("ingest/load.sql")
        try IngestTables.check { [writes] in try writes($0) }
        // A session that just ended may still hold the lock for a moment: wait up to 5 s, unless
        // the holder is a running `chatsla serve` (it holds the lock until it stops): fail at once.
        var attempts = 0
        while try connection.query(PostgresQuery(sql: try reads("lock")))[0, 0] != "t" {
            attempts += 1
            let holder = try Self.lockHolder(connection)
            if let holder, holder.isServer { throw StoreError.lockHeld(by: holder) }
            guard attempts < 50 else { throw StoreError.lockHeld(by: holder) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        try connection.execute(script: try writes("temp_tables"))
        try connection.execute(script: try loads("load_tables"))
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
    /// loaded per batch; on demand, only the small tables: the next batch loads what it reaches).
    ///
    /// - Complexity: O(rows of the entity, dialog and settings tables); on demand O(rows of the
    ///   small tables).
    func rebuildState() throws {
        let started = ContinuousClock.now
        let messages = state.messages.count
        state = DomainState()
        reached = RetainedEntities()
        earlierReached = []
        timersLoadedThrough = nil
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
        // Stored rows by key only while this input is ingested (see plan_by_key in session.sql).
        try connection.execute(script: try Self.session("plan_by_key"))
        defer { try? connection.execute(script: try Self.session("plan_defaults")) }
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
        // Four stages overlap: reading and decoding batch N+2 (read-ahead thread), writing batch
        // N (writer thread, on `connection`), classifying batch N+1 (its look-ups and loads, on a
        // second session: `reader`) and then applying it (this thread). Loads of N+1 see the
        // tables with or without N (what N wrote or reached is held, and held rows win); the
        // batch not yet committed is known through inFlightSeen / inFlightDigests. With the whole
        // history in memory there is no second session: classifying uses `connection` between the
        // writer's wait and its next submit.
        var current = try readAhead.next()
        if current.input.count > 0 { readAhead.start() }
        var classified = try classify(current.input, decoded: current.decoded, digests: current.digests)
        // The lines of the batch the writer holds: if the database refuses it for its data, they
        // are written again with the refused line isolated (`settle`, Ingester+Isolation.swift).
        var submitted: BatchInput?
        defer { closeReader() }
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
                if !written, stateLoading == .wholeHistory, state.messages.count > messagesInMemory {
                    // The rebuild reads the tables: this batch must be committed first.
                    writer.submit(job, connection: connection)
                    submitted = current.input
                    _ = try settle(writer, submitted: &submitted, applied: nil, source: source, committed: committed)
                    try rebuildState()
                    written = true
                }
                if next.input.count > 0, stateLoading == .onDemand, readConnection == nil, !readerRefused {
                    openReader()
                }
                let overlapped = readConnection != nil
                if !written, overlapped {
                    writer.submit(job, connection: connection)
                    submitted = current.input
                }
                if next.input.count > 0 {
                    classified = try classify(next.input, decoded: next.decoded, digests: next.digests)
                }
                if !written, !overlapped {
                    writer.submit(job, connection: connection)
                    submitted = current.input
                }
                current = next
            }
            _ = try settle(writer, submitted: &submitted, applied: nil, source: source, committed: committed)
        } catch {
            // The batch in flight was applied whole: when it commits, its rejected lines and
            // counts are reported as those of any committed batch.
            if let done = try? writer.wait() { try? committed(done) }
            throw error
        }
        timings["read and decode (overlapped)", default: .zero] += readAhead.busy
        return total
    }

    /// Opens `ingest`'s second session (`readConnection`): the same database and schema search path
    /// as `connection` (which its owner may have set after connecting), its load tables, and
    /// look-ups by key only (plan_by_key). When the server refuses it (e.g. no connection slot is
    /// left), this ingester goes on with one session, classifying between the writes.
    private func openReader() {
        var opened: PostgresConnection?
        do {
            let searchPath = try connection.query("SELECT current_setting('search_path')")[0, 0] ?? ""
            let reader = try connection.openAnother()
            opened = reader
            try reader.query("SELECT set_config('search_path', \(searchPath), false)")
            try reader.execute(script: try loads("load_tables"))
            try reader.execute(script: try Self.session("plan_by_key"))
            readConnection = reader
        } catch {
            opened?.close()
            readerRefused = true
            logger.warning(
                "a second session could not be opened; batches are classified between their writes",
                metadata: ["reason": "\(error)"]
            )
        }
    }

    private func closeReader() {
        readConnection?.close()
        readConnection = nil
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

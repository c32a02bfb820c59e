import ChatStore
import Dispatch
import Foundation
import Logging
import PostgresClient
import SLAAnalytics
import Synchronization

/// The report's whole computation: extraction streams into the engine, on several connections.
///
/// Each worker opens its own connection and reads a disjoint share of the dialog-facts rows (a
/// block range of every table for the history, the dialogs split by key for a period), in the
/// order the server finds them; the shares are then grouped by dialog in memory
/// (``DialogFactGroups``), and each worker replays its part of the dialogs into its own
/// accumulator; the accumulators are merged at the end. The engine's output does not depend on
/// the order dialogs arrive in, so any number of workers gives the same report, byte for byte.
///
/// Every connection reads one snapshot of the database (exported by the coordinating
/// connection, imported by each worker): an ingest committing during the report is either
/// wholly seen or not at all, and the watermark is that snapshot's.
///
/// By default the workers read only what the period's figures depend on when that is the cheaper
/// read (``Extent/automatic``); ``Extent/period`` and ``Extent/history`` force one extraction, for
/// the tests that hold the two equal.
public struct ReportPipeline: Sendable {
    /// What the workers read. Every extent gives the same figures.
    public enum Extent: Sendable {
        /// ``period`` while the period holds less than a twelfth of the history up to `as_of`,
        /// else ``history``.
        case automatic
        /// The dialogs that can change a figure of the period, each with its whole history
        /// (`period_dialog_facts.sql`), and the orders those figures use.
        case period
        /// Every customer dialog and chat order up to `as_of` (`dialog_facts.sql`).
        case history
    }

    public let url: String
    public let workers: Int
    public let extent: Extent
    /// Phase timings at `debug` (`CHATSLA_LOG_LEVEL=debug`): where a slow night went.
    public let logger: Logger
    /// Runs once the shared snapshot is exported, before any worker reads: tests commit an
    /// ingest there to show that the report does not see it.
    public let afterSnapshotExport: (@Sendable () throws -> Void)?

    public init(
        url: String,
        workers: Int = 2,
        extent: Extent = .automatic,
        logger: Logger = Logger(label: "chatsla.report"),
        afterSnapshotExport: (@Sendable () throws -> Void)? = nil
    ) {
        self.url = url
        self.workers = max(1, workers)
        self.extent = extent
        self.logger = logger
        self.afterSnapshotExport = afterSnapshotExport
    }

    /// What a run produced: the figures, the configuration they were computed under, and the
    /// data watermark.
    public struct Result: Sendable {
        public var report: SLAReport
        public var configuration: ReportConfiguration
        public var watermark: IngestWatermark
        /// Rows streamed out of PostgreSQL (dialog facts and orders), for progress and benchmarks.
        public var rowsRead: Int
    }

    /// Seconds since `start` with three decimals, the `elapsed_s` of the phase timings.
    public static func secondsSince(_ start: ContinuousClock.Instant) -> Logger.MetadataValue {
        "\(String(format: "%.3f", (ContinuousClock.now - start) / .milliseconds(1) / 1000))"
    }

    public func run(_ parameters: ReportParameters) throws -> Result {
        guard let result = try run(periods: [parameters]).first else {
            throw ReportRunError("the report ran no period")
        }
        return result
    }

    /// Several periods computed from one snapshot of the database: the report and the period it
    /// is compared with (`report --compare previous`) see exactly the same data.
    /// - Parameter periods: the periods, each with its own dates and `as_of`.
    /// - Returns: one result per period, in order.
    /// - Throws: ``UnknownChannelError`` (checked for every period before any is streamed),
    ///   `StoreError` (`.schemaNotCurrent`), `PostgresError`.
    public func run(periods: [ReportParameters]) throws -> [Result] {
        let started = ContinuousClock.now
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try Migrator().requireCurrent(connection)
        let extraction = ReportExtraction(connection: connection)
        try extraction.refreshStaleStatistics()
        let snapshot = try SharedSnapshot.export(on: connection)
        var configured: [ReportConfiguration] = []
        for parameters in periods {
            try extraction.setAsOf(parameters.asOf)
            let configuration = try extraction.configuration(parameters)
            try Self.checkChannelFilter(parameters, configuration: configuration)
            configured.append(configuration)
        }
        // The ingester keeps the totals and the clock in ingest_state: one row, read in the snapshot.
        let watermark = try extraction.watermark()
        let firstMessage = try extraction.firstMessageInstant()
        let blocks = try TableBlocks.read(on: connection)
        logger.debug("configuration read", metadata: ["elapsed_s": Self.secondsSince(started)])
        try afterSnapshotExport?()
        var results: [Result] = []
        if let shared = sharedPeriod(configured, firstMessage: firstMessage) {
            // Periods with one as_of, short enough together to be read by their dialogs (the
            // nightly day and the day before it): one read of both periods' dialogs, replayed
            // into each period's figures.
            results = try compute(
                configured,
                watermark: watermark,
                period: shared,
                snapshot: snapshot,
                blocks: blocks,
                started: started
            )
        } else {
            for configuration in configured {
                results += try compute(
                    [configuration],
                    watermark: watermark,
                    period: extractionPeriod(configuration, firstMessage: firstMessage),
                    snapshot: snapshot,
                    blocks: blocks,
                    started: started
                )
            }
        }
        // Every worker imported the snapshot: the exporting transaction may end.
        try SharedSnapshot.end(on: connection)
        return results
    }

    /// The figures of each of `configurations` (periods with one `as_of`), from one read of
    /// `period` (or of the history) by the workers from `snapshot`.
    private func compute(
        _ configurations: [ReportConfiguration],
        watermark: IngestWatermark,
        period: Range<Int64>?,
        snapshot: SharedSnapshot,
        blocks: TableBlocks,
        started: ContinuousClock.Instant
    ) throws -> [Result] {
        let elapsed: @Sendable () -> Logger.MetadataValue = { Self.secondsSince(started) }
        let rows: Int
        var outcomes: [Swift.Result<[SLAAccumulator], any Error>]
        (outcomes, rows) = try accumulate(
            configurations,
            period: period,
            snapshot: snapshot,
            blocks: blocks,
            started: started
        )
        // Each part's accumulators, taken out of `outcomes` so that their arrays have no other
        // reference.
        var parts: [[SLAAccumulator]] = []
        for index in outcomes.indices {
            let outcome = outcomes[index]
            outcomes[index] = .failure(ReportRunError("merged"))
            parts.append(try (consume outcome).get())
        }
        var results: [Result] = []
        for (slot, configuration) in configurations.enumerated() {
            // Merge into the first part's accumulator, emptying each part's tallies and rows as
            // they are folded in, so that at most one array is alive twice at a time.
            var merging: SLAAccumulator?
            for part in parts.indices {
                var accumulator = SLAAccumulator(configuration: configuration)
                swap(&accumulator, &parts[part][slot])
                if merging == nil { merging = consume accumulator } else { merging?.merge(taking: &accumulator) }
            }
            guard let merged = merging.take() else { throw ReportRunError("the report ran no worker") }
            logger.debug("merged", metadata: ["elapsed_s": elapsed()])
            let report = (consume merged).finalReport()
            logger.debug("figures final", metadata: ["elapsed_s": elapsed()])
            results.append(
                Result(report: report, configuration: configuration, watermark: watermark, rowsRead: rows)
            )
        }
        return results
    }

    /// Every part's accumulators, one per configuration (the first part's with the chat orders),
    /// presorted, and the rows read; the grouped facts are freed on return.
    private func accumulate(
        _ configurations: [ReportConfiguration],
        period: Range<Int64>?,
        snapshot: SharedSnapshot,
        blocks: TableBlocks,
        started: ContinuousClock.Instant
    ) throws -> (outcomes: [Swift.Result<[SLAAccumulator], any Error>], rows: Int) {
        guard let asOf = configurations.first?.parameters.asOf else { throw ReportRunError("the report ran no period") }
        let logger = self.logger
        let (groups, chatOrders, factRows) = try readGrouped(
            asOf: asOf,
            period: period,
            snapshot: snapshot,
            blocks: blocks,
            readsOrders: true,
            started: started
        )
        let parts = workers
        let outcomes = Self.inParallel(parts) { part in
            var accumulators = configurations.map { SLAAccumulator(configuration: $0) }
            // The first part's rows receive the others' when merged: room for them all.
            let facts = part == 0 ? groups.factCount : groups.factCount / parts
            for slot in accumulators.indices { accumulators[slot].reserveBreachRows(forFacts: facts) }
            try groups.forEachDialog(part: part) { dialog in
                for slot in accumulators.indices { accumulators[slot].add(dialog) }
            }
            var ordersRead = 0
            if part == 0 {
                // A period's orders are read; the history's may still be streaming: waited for here,
                // after the part's dialogs.
                let extracted = try chatOrders.take()
                ordersRead = extracted.count
                let orders = groups.completingChannels(extracted).map(OrderRecord.init)
                for slot in accumulators.indices { accumulators[slot].add(contentsOf: orders) }
            }
            // Sorting on every part's thread at once: the merged report then only merges runs.
            for slot in accumulators.indices { accumulators[slot].presort() }
            logger.debug(
                "replayed and presorted",
                metadata: ["part": "\(part)", "elapsed_s": Self.secondsSince(started)]
            )
            return (accumulators: accumulators, ordersRead: ordersRead)
        }
        // Every part ended: the orders' connection too (part 0 waited for it, or failed).
        chatOrders.finish()
        var rows = factRows
        let accumulators = outcomes.map { outcome in
            outcome.map { part in
                rows += part.ordersRead
                return part.accumulators
            }
        }
        return (accumulators, rows)
    }

    /// Every worker's share of the dialog facts as of `asOf`, grouped by dialog, with the flags of
    /// the messages failed by `asOf`; with `readsOrders`, the chat orders (``ChatOrders``); and the
    /// facts' rows read.
    func readGrouped(
        asOf: Int64,
        period: Range<Int64>?,
        snapshot: SharedSnapshot,
        blocks: TableBlocks,
        readsOrders: Bool,
        started: ContinuousClock.Instant
    ) throws -> (groups: DialogFactGroups, orders: ChatOrders, rows: Int) {
        let logger = self.logger
        let workers = self.workers
        // The history's orders are three raw reads on a connection of their own (on the first
        // worker's, after its share, they finished last: 1.3 s of chat orders at 1M dialogs);
        // nothing waits for them before the first part has replayed its dialogs (they ended the
        // month's streams 0.1 s after the fact workers, session 19). A period's are read by each
        // fact worker after its dialogs, for those of its dialogs whose logs hold an order
        // (schema 0021): on two connections of their own, choosing the cohort's candidates again
        // and probing each for orders, they took a third of a day's server time (session 19).
        let historyOrders = onEachConnection(
            readsOrders && period == nil ? 1 : 0,
            asOf: asOf,
            period: period,
            snapshot: snapshot
        ) { _, extraction in
            var orders: [ExtractedOrder] = []
            try extraction.streamChatOrders { orders.append($0) }
            logger.debug("orders read", metadata: ["rows": "\(orders.count)", "elapsed_s": Self.secondsSince(started)])
            return orders
        }
        let readsPeriodOrders = readsOrders && period != nil
        var outcomes = onEachConnection(
            workers,
            asOf: asOf,
            period: period,
            snapshot: snapshot,
            blocks: blocks
        ) { worker, extraction in
            let facts = try extraction.collectFacts(asOf: asOf)
            var orders: [ExtractedOrder] = []
            if readsPeriodOrders {
                logger.debug("facts read", metadata: ["worker": "\(worker)", "elapsed_s": Self.secondsSince(started)])
                try extraction.streamChatOrders(ofDialogs: facts.dialogsWithOrders) { orders.append($0) }
            }
            logger.debug(
                "streams read",
                metadata: [
                    "worker": "\(worker)", "rows": "\(facts.rows)", "orders": "\(orders.count)",
                    "elapsed_s": Self.secondsSince(started),
                ]
            )
            return (facts: facts, orders: orders)
        }.results()
        var shares: [CollectedFacts] = []
        var periodOrders: [ExtractedOrder] = []
        var rows = 0
        do {
            for index in outcomes.indices {
                let outcome = outcomes[index]
                outcomes[index] = .failure(ReportRunError("taken"))
                let (facts, orders) = try (consume outcome).get()
                rows += facts.rows
                shares.append(facts)
                periodOrders += orders
            }
        } catch {
            // No connection is left reading when the run fails.
            _ = historyOrders.results()
            throw error
        }
        let groups = DialogFactGroups(taking: &shares, parts: workers)
        logger.debug(
            "grouped",
            metadata: [
                "dialogs": "\(groups.dialogs.count)", "facts": "\(groups.factCount)",
                "elapsed_s": Self.secondsSince(started),
            ]
        )
        return (groups, period == nil ? .streaming(historyOrders) : .read(periodOrders), rows)
    }
}

/// A report's chat orders: read with a period's facts, or still streaming on a connection of their
/// own (the history's).
enum ChatOrders: Sendable {
    case read([ExtractedOrder])
    case streaming(StartedWork<[ExtractedOrder]>)

    /// The orders, once their stream has ended: once.
    /// - Throws: the stream's error.
    func take() throws -> [ExtractedOrder] {
        switch self {
        case .read(let orders): orders
        case .streaming(let work): try work.results().flatMap { try $0.get() }
        }
    }

    /// Waits for the stream's end, whatever its outcome.
    func finish() {
        if case .streaming(let work) = self { _ = work.results() }
    }
}

extension ReportPipeline {
    /// Fails when `--channel` names a channel not known by `as_of`: an empty report for a typo
    /// would read as "no traffic".
    /// - Throws: ``UnknownChannelError`` naming the unknown ids and listing the known ones.
    public static func checkChannelFilter(_ parameters: ReportParameters, configuration: ReportConfiguration) throws {
        guard let filter = parameters.channelFilter else { return }
        let known = Set(configuration.channels.map(\.sourceID))
        let unknown = filter.subtracting(known)
        guard unknown.isEmpty else {
            throw UnknownChannelError(unknown: unknown.sorted(), known: known.sorted())
        }
    }

    /// The instants the workers' extraction is bounded to: the period's, unless ``extent`` is
    /// the history, or automatic and the period holds a twelfth or more of the history up to
    /// `as_of`.
    ///
    /// Both extractions give the same figures; they differ in cost. The period's looks each
    /// chosen dialog's facts up by key; the history's reads every table as it lies on disk, a
    /// raw read, many times cheaper per fact. At 1M dialogs over 30 days (2 cores, as of the
    /// month's end) the period's read cost 4.8 s for one day, 7.7 s for two, 10.6 s for three,
    /// the history's 11.6 s in the same minutes (docs/PERFORMANCE.md): the period's pays while it
    /// holds less than about a twelfth of the history.
    func extractionPeriod(_ configuration: ReportConfiguration, firstMessage: Int64?) -> Range<Int64>? {
        extractionPeriod(
            start: configuration.periodStart,
            end: configuration.periodEnd,
            asOf: configuration.parameters.asOf,
            firstMessage: firstMessage
        )
    }

    /// One read for several periods: the span from the first one's start to the last one's end,
    /// when they share their `as_of` and that span is read by its dialogs (a period read holds
    /// every dialog that can change a figure of any period within it); nil otherwise (each
    /// period is then read on its own: two history reads would hold two engines' figures at
    /// once).
    func sharedPeriod(_ configurations: [ReportConfiguration], firstMessage: Int64?) -> Range<Int64>? {
        guard configurations.count > 1, let first = configurations.first,
            configurations.allSatisfy({ $0.parameters.asOf == first.parameters.asOf })
        else { return nil }
        return extractionPeriod(
            start: configurations.map(\.periodStart).min() ?? first.periodStart,
            end: configurations.map { max($0.periodStart, $0.periodEnd) }.max() ?? first.periodEnd,
            asOf: first.parameters.asOf,
            firstMessage: firstMessage
        )
    }

    /// ``extractionPeriod(_:firstMessage:)`` for the instants `[start, end)` as of `asOf`.
    func extractionPeriod(start: Int64, end: Int64, asOf: Int64, firstMessage: Int64?) -> Range<Int64>? {
        guard extent != .history else { return nil }
        let end = max(start, end)
        if extent == .automatic, let firstMessage, firstMessage < asOf {
            let history = asOf - firstMessage
            let covered = max(0, min(end, asOf) - max(start, firstMessage))
            if covered >= history / Self.periodReadShare { return nil }
        }
        return start..<end
    }

    /// The share of the history (1 / this) from which the history's read is the cheaper one.
    static let periodReadShare: Int64 = 12

    /// Starts `body(0)` … `body(count - 1)` at once, each with its own connection reading
    /// `snapshot`, set to its share of the rows as of `asOf` (connection `i` as worker `i` of
    /// `count`; bounded to `period`, when there is one, or else to the block ranges of `blocks`).
    func onEachConnection<T: Sendable>(
        _ count: Int,
        asOf: Int64,
        period: Range<Int64>?,
        snapshot: SharedSnapshot,
        blocks: TableBlocks = .unknown,
        _ body: @escaping @Sendable (Int, ReportExtraction) throws -> T
    ) -> StartedWork<T> {
        let url = self.url
        return StartedWork(count) { index in
            let connection = try PostgresConnection(url: url)
            defer { connection.close() }
            let extraction = ReportExtraction(connection: connection, period: period)
            try snapshot.import(on: connection)
            try extraction.setAsOf(asOf, worker: index, of: count, blocks: blocks)
            let result = try body(index, extraction)
            try SharedSnapshot.end(on: connection)
            return result
        }
    }

    /// Runs `body(0)` … `body(count - 1)` at once and returns their outcomes in order.
    ///
    /// Each on a thread of its own: Dispatch's global queue runs no more blocks at once than the
    /// machine has cores, and a worker waiting for its rows holds its place, so with two workers
    /// and the orders' connection on two cores the orders started only when a worker ended (0.6 s
    /// late at 1M dialogs). Not one `concurrentPerform` either: work a body spreads over both
    /// cores (``SLAAccumulator/presort()``) would run serially inside it.
    static func inParallel<T: Sendable>(
        _ count: Int,
        _ body: @escaping @Sendable (Int) throws -> T
    ) -> [Swift.Result<T, any Error>] {
        StartedWork(count, body).results()
    }
}

/// `body(0)` … `body(count - 1)`, started at once on threads of their own (see
/// ``ReportPipeline/inParallel(_:_:)``), their outcomes taken when waited for.
final class StartedWork<T: Sendable>: Sendable {
    private let group = DispatchGroup()
    private let outcomes: WorkerOutcomes<T>

    init(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) {
        let outcomes = WorkerOutcomes<T>(count: count)
        let group = self.group
        self.outcomes = outcomes
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                outcomes.set(index, Swift.Result { try body(index) })
                group.leave()
            }
            // The replays recurse no deeper than the main thread's work; 8 MB as the main thread.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Waits for every body and moves their outcomes out, in order: once; later calls, after
    /// the same wait, return no outcome.
    func results() -> [Swift.Result<T, any Error>] {
        group.wait()
        return outcomes.takeAll()
    }
}

/// Results of the workers, written from their threads.
private final class WorkerOutcomes<T: Sendable>: Sendable {
    private let outcomes: Mutex<[Swift.Result<T, any Error>?]>

    init(count: Int) {
        outcomes = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ outcome: Swift.Result<T, any Error>) {
        outcomes.withLock { $0[index] = outcome }
    }

    /// Moves the outcomes out (the worker closures may outlive the wait a little, and a copy left
    /// here would make the results' arrays shared: every in-place merge or sort would copy).
    func takeAll() -> [Swift.Result<T, any Error>] {
        let taken = outcomes.withLock { outcomes in
            var taken: [Swift.Result<T, any Error>?] = []
            swap(&taken, &outcomes)
            return taken
        }
        return taken.map { $0 ?? .failure(ReportRunError("a report worker did not finish")) }
    }
}

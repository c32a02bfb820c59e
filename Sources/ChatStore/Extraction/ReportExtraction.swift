import ChatDomain
import PostgresClient
import SLAAnalytics

/// Reads what the report needs out of PostgreSQL: lookups and settings as small queries, dialog
/// facts and chat orders as binary COPY streams.
///
/// Every query is a file under `queries/extraction/`. The report's `as_of` reaches them as the
/// session setting `chatsla.as_of` (COPY statements cannot take bind parameters).
///
/// ```swift
/// let extraction = ReportExtraction(connection: connection)
/// try extraction.setAsOf(asOf)
/// var accumulator = SLAAccumulator(configuration: try extraction.configuration(parameters))
/// try extraction.streamDialogs { accumulator.add($0) }
/// try extraction.streamChatOrders { accumulator.add($0) }
/// ```
public struct ReportExtraction {
    public let connection: PostgresConnection
    /// The instants `[start, end)` of the report's period (µs), or nil for the whole history.
    public let period: Range<Int64>?

    public init(connection: PostgresConnection, period: Range<Int64>? = nil) {
        self.connection = connection
        self.period = period
    }

    /// Sets the instant after which nothing exists for the report, this connection's share of
    /// the dialogs (`worker` of `workers`, split by dialog key), and the period if bounded.
    public func setAsOf(_ asOf: Int64, worker: Int = 0, of workers: Int = 1) throws {
        for statement in Self.sessionSettings(asOf: asOf, worker: worker, of: workers, period: period) {
            try connection.query(PostgresQuery(sql: statement))
        }
    }

    /// The statements ``setAsOf(_:worker:of:)`` runs, for sessions that are not ours (psql).
    public static func sessionSettings(
        asOf: Int64,
        worker: Int = 0,
        of workers: Int = 1,
        period: Range<Int64>? = nil
    ) -> [String] {
        func instant(_ micros: Int64) -> String {
            "(timestamptz 'epoch' + \(micros) * interval '1 microsecond')::text"
        }
        let bounds =
            period.map {
                ",\n       set_config('chatsla.period_start', \(instant($0.lowerBound)), false)"
                    + ",\n       set_config('chatsla.period_end', \(instant($0.upperBound)), false)"
            } ?? ""
        // The period's statements are key look-ups whose planned cost (generic estimates for the
        // settings-bound instants) sets off JIT compilation: 1.7 s of a 0.55 s one-day stream at
        // 100k dialogs (docs/PERFORMANCE.md). The history's statements keep the server's setting.
        return (period == nil ? [] : ["SET jit = off"]) + [
            "SET TIME ZONE 'UTC'",
            """
            SELECT set_config('chatsla.as_of', \(instant(asOf)), false),
                   set_config('chatsla.workers', '\(workers)', false),
                   set_config('chatsla.worker', '\(worker)', false)\(bounds)
            """,
        ]
    }

    /// The dialog facts statement: the period's (`period_dialog_facts.sql`) or the history's.
    static func dialogFactsFile(period: Range<Int64>?) -> String {
        period == nil ? "extraction/dialog_facts.sql" : "extraction/period_dialog_facts.sql"
    }

    /// The chat orders statement: the period's (`period_chat_orders.sql`) or the history's.
    static func chatOrdersFile(period: Range<Int64>?) -> String {
        period == nil ? "extraction/chat_orders.sql" : "extraction/period_chat_orders.sql"
    }

    /// Exactly the streams one report worker reads, as psql statements: its settings, then the
    /// binary COPY of its dialog facts (and, for worker 0, of the chat orders).
    ///
    /// The benchmark runs them through psql into /dev/null: the cost of merely reading the
    /// report's inputs.
    public static func workerCopyStatements(
        asOf: Int64,
        worker: Int,
        of workers: Int,
        period: Range<Int64>? = nil
    ) throws -> [String] {
        var statements = sessionSettings(asOf: asOf, worker: worker, of: workers, period: period)
        statements.append("COPY (\(try QueryFiles.text(dialogFactsFile(period: period)))) TO STDOUT (FORMAT binary)")
        if worker == 0 {
            statements.append("COPY (\(try QueryFiles.text(chatOrdersFile(period: period)))) TO STDOUT (FORMAT binary)")
        }
        return statements
    }

    /// Analyses the tables the report reads when their statistics are missing or stale.
    ///
    /// Right after a bulk ingest, autovacuum may not have analysed the new rows yet, and with
    /// no statistics the planner can pick nested loops that turn the extraction quadratic.
    /// "Stale" means more rows changed since the last analyse than 10% of the table.
    public func refreshStaleStatistics() throws {
        let stale = try connection.query(PostgresQuery(sql: try QueryFiles.text("extraction/stale_tables.sql")))
        for row in 0..<stale.count {
            guard let table = stale[row, 0] else { continue }
            try connection.query(PostgresQuery(sql: "ANALYZE \(quoteIdentifier(table))"))
        }
    }

    /// The lookups and settings histories, as the engine's configuration for these parameters.
    public func configuration(_ parameters: ReportParameters) throws -> ReportConfiguration {
        let stores = try rows("extraction/stores.sql").map { row in
            StoreInfo(key: StoreKey(rawValue: try row.int(0)), sourceID: try row.text(1), name: try row.text(2))
        }
        let channels = try rows("extraction/channels.sql").map { row in
            // A channel not mapped to a store yet is shown with no store (key 0, not a real store).
            ChannelInfo(
                key: ChannelKey(rawValue: try row.int(0)),
                sourceID: try row.text(1),
                name: try row.text(2),
                store: StoreKey(rawValue: try row.optionalInt(3) ?? Self.unmappedStore)
            )
        }
        let users = try rows("extraction/users.sql").map { row in
            UserInfo(
                key: UserKey(rawValue: try row.int(0)),
                sourceID: try row.text(1),
                name: try row.text(2),
                knownFrom: try row.int(3)
            )
        }
        let bots = try rows("extraction/bots.sql").map { row in
            BotInfo(key: BotKey(rawValue: try row.int(0)), sourceID: try row.text(1), name: try row.text(2))
        }
        let limits = try rows("extraction/time_limits.sql").map { row in
            TimeLimitSetting(
                channel: try row.optionalInt(0).map { ChannelKey(rawValue: $0) },
                warningSeconds: try row.optionalInt(1),
                processingSeconds: try row.int(2),
                effectiveAt: try row.int(3),
                seq: try row.int(4)
            )
        }
        let policies = try rows("extraction/policies.sql").map { row in
            guard let clockStart = PolicySetting.ClockStart(rawValue: try row.text(0)) else {
                throw StoreError("chat_settings holds an unknown clock_start policy")
            }
            return PolicySetting(
                clockStart: clockStart,
                botRepliesStopClock: try row.bool(1),
                effectiveAt: try row.int(2),
                seq: try row.int(3)
            )
        }
        let businessHours = try rows("extraction/business_hours.sql").map { row in
            let channel = try row.optionalInt(0).map { ChannelKey(rawValue: $0) }
            var hours: BusinessHours?
            if let zone = try row.optionalText(1) {
                let holidays = try row.optionalText(3) ?? ""
                hours = BusinessHours(
                    stored: try row.text(2),
                    timeZone: zone,
                    holidays: holidays.split(separator: ",").map(String.init)
                )
                if hours == nil { throw StoreError("business_hours_settings holds a schedule the rules would refuse") }
            }
            return ScheduleSetting(channel: channel, hours: hours, effectiveAt: try row.int(4), seq: try row.int(5))
        }
        let unmapped = channels.contains { $0.store.rawValue == Self.unmappedStore }
        return try ReportConfiguration(
            parameters: parameters,
            channels: channels,
            stores: stores
                + (unmapped ? [StoreInfo(key: StoreKey(rawValue: Self.unmappedStore), sourceID: "", name: "")] : []),
            users: users,
            bots: bots,
            timeLimits: limits,
            policies: policies,
            businessHours: businessHours
        )
    }

    /// The store key given to channels not mapped to a store (printed as an empty store).
    public static let unmappedStore: Int64 = 0

    /// Streams every customer dialog with its facts up to `as_of`, one dialog at a time.
    ///
    /// - Returns: the number of fact rows read.
    /// - Complexity: O(facts); memory holds one dialog's facts at a time.
    @discardableResult
    public func streamDialogs(_ body: (DialogHistory) throws -> Void) throws -> Int {
        let sql = try QueryFiles.text(Self.dialogFactsFile(period: period))
        var current: DialogHistory?
        var facts: [DialogFact] = []
        facts.reserveCapacity(256)
        let count = try connection.copyOutBinary("COPY (\(sql)) TO STDOUT (FORMAT binary)") { row in
            let dialog = try row.readInt64()
            let code = try row.readInt64()
            let at = try row.readOptionalTimestamp()
            let seq = try row.readInt64()
            let ref = try row.readOptionalInt64()
            let flag = try row.readOptionalBool() ?? false
            if code == 0 {
                if var finished = current {
                    // Lent to the dialog and taken back: when `body` keeps no reference, the
                    // buffer is reused for the next dialog instead of copied per dialog.
                    swap(&finished.facts, &facts)
                    try body(finished)
                    swap(&finished.facts, &facts)
                }
                facts.removeAll(keepingCapacity: true)
                let privacy: DialogHistory.Privacy =
                    if flag { .pending } else if let at { .accepted(at: at) } else { .notGated }
                current = DialogHistory(
                    key: DialogKey(rawValue: dialog),
                    sourceID: try row.readString(),
                    channel: ChannelKey(rawValue: ref ?? 0),
                    kind: .customer,
                    privacy: privacy,
                    facts: []
                )
                return
            }
            guard let at, current?.key.rawValue == dialog else {
                throw StoreError("dialog_facts.sql returned a fact of dialog \(dialog) outside its dialog's rows")
            }
            let event: DialogFact.Event
            switch code {
            case 1: event = .autoClose
            case 2: event = .customerMessage
            case 3: event = .userMessage(UserKey(rawValue: try required(ref)), failed: flag)
            case 4: event = .botMessage(BotKey(rawValue: try required(ref)), failed: flag)
            case 5: event = .assignment(to: .user(UserKey(rawValue: try required(ref))), by: .system)
            case 6: event = .assignment(to: .bot(BotKey(rawValue: try required(ref))), by: .system)
            case 7: event = .assignment(to: .nobody, by: .system)
            case 8: event = .close(by: .user(UserKey(rawValue: try required(ref))))
            case 9: event = .close(by: .bot(BotKey(rawValue: try required(ref))))
            case 10: event = .close(by: .system)
            case 11: event = .reopen
            default: throw StoreError("dialog_facts.sql returned an unknown fact code \(code)")
            }
            facts.append(DialogFact(at: at, seq: seq, event: event))
        }
        if var finished = current {
            finished.facts = facts
            try body(finished)
        }
        return count
    }

    /// Streams the orders created from a chat by `as_of`, with status and paid amount as of then.
    @discardableResult
    public func streamChatOrders(_ body: (OrderRecord) throws -> Void) throws -> Int {
        let sql = try QueryFiles.text(Self.chatOrdersFile(period: period))
        return try connection.copyOutBinary("COPY (\(sql)) TO STDOUT (FORMAT binary)") { row in
            let order = OrderRecord(
                key: OrderKey(rawValue: try row.readInt64()),
                sourceID: try row.readString(),
                dialog: try row.readOptionalInt64().map { DialogKey(rawValue: $0) },
                channel: try row.readOptionalInt64().map { ChannelKey(rawValue: $0) },
                store: StoreKey(rawValue: try row.readOptionalInt64() ?? Self.unmappedStore),
                createdBy: try row.readOptionalInt64().map { UserKey(rawValue: $0) },
                createdAt: try row.readTimestamp(),
                seq: try row.readInt64(),
                total: Money(cents: try row.readInt64()),
                statusAsOf: try row.readOptionalString(),
                paidAmount: Money(cents: try row.readInt64())
            )
            try body(order)
        }
    }

    /// The instant of the earliest stored message (µs), or nil when there is none.
    public func firstMessageInstant() throws -> Int64? {
        let result = try connection.query(PostgresQuery(sql: try QueryFiles.text("extraction/first_message.sql")))
        return try result.decodeOptional(Int64.self, row: 0, column: 0)
    }

    /// How much has been ingested, and up to which instant.
    public func watermark() throws -> IngestWatermark {
        let result = try connection.query(PostgresQuery(sql: try QueryFiles.text("extraction/watermark.sql")))
        return IngestWatermark(
            acceptedEvents: try result.decode(Int64.self, row: 0, column: 0),
            refusedEvents: try result.decode(Int64.self, row: 0, column: 1),
            latestEventAt: try result.decodeOptional(Int64.self, row: 0, column: 2),
            lastSeq: try result.decode(Int64.self, row: 0, column: 3)
        )
    }

    private func rows(_ file: String) throws -> [ResultRow] {
        let result = try connection.query(PostgresQuery(sql: try QueryFiles.text(file)))
        return (0..<result.count).map { ResultRow(result: result, index: $0) }
    }

    private func required(_ value: Int64?) throws -> Int64 {
        guard let value else { throw StoreError("dialog_facts.sql returned a fact without its user or bot") }
        return value
    }
}

/// How much data a report saw: shown on the page so a reader knows how fresh it is.
public struct IngestWatermark: Sendable, Hashable {
    public var acceptedEvents: Int64
    /// Events the domain rules refused (rejected lines that never decoded are not counted).
    public var refusedEvents: Int64
    /// The latest `at` among accepted events (µs), or nil when nothing was ingested.
    public var latestEventAt: Int64?
    public var lastSeq: Int64
}

/// One row of a small result, read by column with clear errors.
struct ResultRow {
    let result: PostgresRows
    let index: Int

    func int(_ column: Int) throws -> Int64 { try result.decode(Int64.self, row: index, column: column) }
    func optionalInt(_ column: Int) throws -> Int64? {
        try result.decodeOptional(Int64.self, row: index, column: column)
    }
    func text(_ column: Int) throws -> String { try result.decode(String.self, row: index, column: column) }
    func optionalText(_ column: Int) throws -> String? {
        try result.decodeOptional(String.self, row: index, column: column)
    }
    func bool(_ column: Int) throws -> Bool { try result.decode(Bool.self, row: index, column: column) }
}

import ChatDomain
import PostgresClient

/// Reads what the report needs out of PostgreSQL: lookups and settings as small queries, dialog
/// facts and chat orders as binary COPY streams.
///
/// Every query is a file under `queries/extraction/`. The report's `as_of` reaches them as the
/// session setting `chatsla.as_of` (COPY statements cannot take bind parameters).
///
/// ```swift
/// let extraction = ReportExtraction(connection: connection)
/// try extraction.setAsOf(asOf)
/// let lookups = try extraction.lookups()
/// let facts = try extraction.collectFacts(asOf: asOf)   // this connection's share, for DialogFactGroups
/// try extraction.streamChatOrders { order in … }
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
    /// the rows (`worker` of `workers`), and the period if bounded.
    ///
    /// The history's workers split every table by block ranges (`blocks`, read once for all of
    /// them); the period's split its dialogs by key.
    public func setAsOf(_ asOf: Int64, worker: Int = 0, of workers: Int = 1, blocks: TableBlocks = .unknown) throws {
        let statements = try Self.sessionSettings(
            asOf: asOf,
            worker: worker,
            of: workers,
            period: period,
            blocks: blocks
        )
        for statement in statements {
            try connection.query(PostgresQuery(sql: statement))
        }
    }

    /// The statements ``setAsOf(_:worker:of:blocks:)`` runs, for sessions that are not ours (psql).
    /// - Throws: `StoreError.invariantBroken` when several history workers have no block counts.
    public static func sessionSettings(
        asOf: Int64,
        worker: Int = 0,
        of workers: Int = 1,
        period: Range<Int64>? = nil,
        blocks: TableBlocks = .unknown
    ) throws -> [String] {
        func instant(_ micros: Int64) -> String {
            "(timestamptz 'epoch' + \(micros) * interval '1 microsecond')::text"
        }
        var settings = [
            "set_config('chatsla.as_of', \(instant(asOf)), false)",
            "set_config('chatsla.workers', '\(workers)', false)",
            "set_config('chatsla.worker', '\(worker)', false)",
        ]
        if let period {
            settings.append("set_config('chatsla.period_start', \(instant(period.lowerBound)), false)")
            settings.append("set_config('chatsla.period_end', \(instant(period.upperBound)), false)")
        } else {
            for (name, range) in try blocks.share(worker, of: workers) {
                settings.append("set_config('chatsla.\(name)_from', '(\(range.lowerBound),0)', false)")
                settings.append("set_config('chatsla.\(name)_to', '(\(range.upperBound),0)', false)")
            }
        }
        // JIT compilation pays for long computations, not for these streams: it cost 1.7 s of a
        // 0.55 s one-day stream at 100k dialogs (the key look-ups' generic estimates set it off),
        // and 0.6 s of the history's 1.5 s at 1M messages (docs/PERFORMANCE.md).
        return ["SET jit = off", "SET TIME ZONE 'UTC'", "SELECT " + settings.joined(separator: ",\n       ")]
    }

    /// The period's dialog facts statement.
    static let periodDialogFactsFile = "extraction/period_dialog_facts.sql"

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

    /// The lookups and settings histories as of `as_of`.
    public func lookups() throws -> ReportLookups {
        let named = { (row: ResultRow) in
            ReportLookups.Named(key: try row.int(0), sourceID: try row.text(1), name: try row.text(2))
        }
        let channels = try rows("extraction/channels.sql").map { row in
            ReportLookups.Channel(
                key: try row.int(0),
                sourceID: try row.text(1),
                name: try row.text(2),
                store: try row.optionalInt(3)
            )
        }
        let users = try rows("extraction/users.sql").map { row in
            ReportLookups.User(
                key: try row.int(0),
                sourceID: try row.text(1),
                name: try row.text(2),
                knownFrom: try row.int(3)
            )
        }
        let limits = try rows("extraction/time_limits.sql").map { row in
            ReportLookups.TimeLimit(
                channel: try row.optionalInt(0),
                warningSeconds: try row.optionalInt(1),
                processingSeconds: try row.int(2),
                effectiveAt: try row.int(3),
                seq: try row.int(4)
            )
        }
        let policies = try rows("extraction/policies.sql").map { row in
            guard let clockStart = ClockStartPolicy(rawValue: try row.text(0)) else {
                throw StoreError.storedDataUnreadable("chat_settings holds an unknown clock_start policy")
            }
            return ReportLookups.Policy(
                clockStart: clockStart,
                botRepliesStopClock: try row.bool(1),
                effectiveAt: try row.int(2),
                seq: try row.int(3)
            )
        }
        let schedules = try rows("extraction/business_hours.sql").map { row in
            var hours: BusinessHours?
            if let zone = try row.optionalText(1) {
                let holidays = try row.optionalText(3) ?? ""
                hours = BusinessHours(
                    stored: try row.text(2),
                    timeZone: zone,
                    holidays: holidays.split(separator: ",").map(String.init)
                )
                if hours == nil {
                    throw StoreError.storedDataUnreadable(
                        "business_hours_settings holds a schedule the rules would refuse"
                    )
                }
            }
            return ReportLookups.Schedule(
                channel: try row.optionalInt(0),
                hours: hours,
                effectiveAt: try row.int(4),
                seq: try row.int(5)
            )
        }
        return ReportLookups(
            stores: try rows("extraction/stores.sql").map(named),
            channels: channels,
            users: users,
            bots: try rows("extraction/bots.sql").map(named),
            timeLimits: limits,
            policies: policies,
            schedules: schedules
        )
    }

    /// Reads this connection's share of the dialog facts up to `asOf` (the instant its session
    /// was set to): the period's dialogs (`period_dialog_facts.sql`) or the history's (block
    /// ranges of the headers and the fact logs, ``collectHistoryFacts(asOf:)``), each in the order
    /// the server finds them. ``DialogFactGroups`` groups every connection's share by dialog.
    /// - Complexity: O(rows); memory 24 bytes a fact and a header per dialog.
    public func collectFacts(asOf: Int64) throws -> CollectedFacts {
        guard period != nil else { return try collectHistoryFacts(asOf: asOf) }
        let sql = try QueryFiles.text(Self.periodDialogFactsFile)
        var collected = CollectedFacts()
        try connection.copyOutBinary("COPY (\(sql)) TO STDOUT (FORMAT binary)") { row in
            try collected.readLogRow(&row, asOf: asOf)
        }
        return collected
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

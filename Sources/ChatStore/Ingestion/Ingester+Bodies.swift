import ChatDomain
import Foundation
import PostgresClient

extension Ingester {
    /// Ingests the bodies of several requests in ONE transaction (group commit), in order.
    ///
    /// ```swift
    /// let outcomes = try ingester.ingest(bodies: [first, second])  // outcomes[1][0]: second's line 1
    /// ```
    /// The lines go through exactly the steps of a file batch (ledger, rules in order, one
    /// transaction), as if the bodies were one file; each rejected line is stored with its own
    /// body's ``EventBody/source``. When this returns, the transaction is committed.
    ///
    /// - Parameter bodies: decoded request bodies, applied in this order.
    /// - Returns: per body, the outcome of each of its lines in body order.
    /// - Throws: `PostgresError` when the database fails (the transaction is rolled back, but the
    ///   in-memory state is ahead of it: discard this ingester and its connection).
    /// - Complexity: O(lines); one transaction: one round trip per table of over 64 rows, plus one.
    public func ingest(bodies: [EventBody]) throws -> [[LineOutcome]] {
        try finishWrite(try apply(try classify(bodies: bodies))).outcomes
    }

    /// The bodies of a group, merged and classified (duplicates, ledger), not yet applied.
    public struct ClassifiedGroup {
        fileprivate let bodies: [EventBody]
        fileprivate let input: BatchInput
        fileprivate let decoded: [Result<EventEnvelope, Rejection>]
        fileprivate let digests: [[UInt8]]
        fileprivate let firstIndex: [Int]
        fileprivate let classified: ClassifiedBatch?
    }

    /// A group applied to the domain state in memory, its transaction not yet committed.
    public struct AppliedGroup {
        fileprivate let classified: ClassifiedGroup
        fileprivate let job: BatchWrite?
        fileprivate let number: Int
    }

    /// Merges `bodies` into one batch and classifies its lines (one lookup of their ids).
    ///
    /// Uses the connection: call it while no write is in flight (before ``startWrite(_:)`` of the
    /// group applied before it, or after its ``finishWrite(_:)``).
    /// - Throws: `PostgresError` when the database fails.
    public func classify(bodies: [EventBody]) throws -> ClassifiedGroup {
        var input = BatchInput()
        var decoded: [Result<EventEnvelope, Rejection>] = []
        var digests: [[UInt8]] = []
        var firstIndex: [Int] = []
        for body in bodies {
            firstIndex.append(input.count)
            let offset = input.arena.count
            input.arena.append(contentsOf: body.input.arena)
            input.starts.append(contentsOf: body.input.starts.lazy.map { $0 + offset })
            input.ends.append(contentsOf: body.input.ends.lazy.map { $0 + offset })
            input.numbers.append(contentsOf: body.input.numbers)
            input.sources.append(contentsOf: repeatElement(body.source, count: body.count))
            decoded.append(contentsOf: body.decoded)
            digests.append(contentsOf: body.digests)
        }
        // A small group's look-ups run prepared, with one plan made without the values (planning
        // them would be most of their cost); a large one's are planned for their arrays (at 13,000
        // lines a generic plan of `load_named` ran 6x longer). The setting changes only when the
        // size of the groups does.
        let prepared = servesRequests && input.count <= Self.preparedGroupLines
        if prepared != connection.preparesStatements {
            try connection.execute(script: try Self.session(prepared ? "generic_plans" : "custom_plans"))
            connection.preparesStatements = prepared
        }
        let classified = input.count > 0 ? try classify(input, decoded: decoded, digests: digests) : nil
        return ClassifiedGroup(
            bodies: bodies,
            input: input,
            decoded: decoded,
            digests: digests,
            firstIndex: firstIndex,
            classified: classified
        )
    }

    /// Applies a classified group to the domain state and prepares its transaction.
    ///
    /// Does not use the connection when the group's working set is held: it may run while the
    /// group before it is written (``startWrite(_:)``), which is how `chatsla serve` overlaps a
    /// group's rules with the previous group's statements, as `ingest` overlaps its batches.
    /// - Throws: `PostgresError` when loading what the group reaches fails.
    public func apply(_ group: ClassifiedGroup) throws -> AppliedGroup {
        guard let classified = group.classified else {
            return AppliedGroup(classified: group, job: nil, number: appliedGroups)
        }
        let job = try apply(group.input, classified, source: "")
        appliedGroups += 1
        return AppliedGroup(classified: group, job: job, number: appliedGroups)
    }

    /// Starts writing an applied group's transaction on the writer thread (the connection is the
    /// writer's until ``finishWrite(_:)``).
    public func startWrite(_ group: AppliedGroup) {
        guard let job = group.job else { return }
        groupWriter.submit(job, connection: connection)
    }

    /// Waits for the group's transaction (or, when ``startWrite(_:)`` was not called, writes it on
    /// this thread) and returns each body's outcomes.
    ///
    /// When the database refused the group for its data (rare: the decoder checks what it can),
    /// every uncommitted change is forgotten and each body is ingested again alone, the refused
    /// one line by line; `redo` is then `true`: a group applied after this one was applied on top
    /// of changes that are gone, and must be classified and applied again.
    /// - Returns: per body, the outcome of each of its lines in body order.
    /// - Throws: `PostgresError` when the database fails (the transaction is rolled back, but the
    ///   in-memory state is ahead of it: discard this ingester and its connection).
    public func finishWrite(_ group: AppliedGroup) throws -> (outcomes: [[LineOutcome]], redo: Bool) {
        let merged = group.classified
        guard let job = group.job, let classified = merged.classified else {
            return (merged.bodies.map { _ in [] }, false)
        }
        let waitStarted = ContinuousClock.now
        let statements: [String: Duration]
        do {
            // Handed to the writer thread by startWrite, or written here.
            statements = try groupWriter.wait()?.timings ?? job.run(on: connection)
        } catch let error as PostgresError where error.isRefusalOfData {
            // Each request again alone, and the refused one line by line, as `ingest` isolates.
            try forgetUncommitted()
            let bodies = merged.bodies
            guard bodies.count == 1 else { return (try bodies.flatMap { try ingest(bodies: [$0]) }, true) }
            return ([try ingestIsolating(bodies[0], decoded: merged.decoded, digests: merged.digests)], true)
        }
        if group.number == appliedGroups {
            // Nothing applied after this group: no event is in flight any more.
            inFlightSeen = [:]
            inFlightDigests = []
        }
        var timed = Duration.zero
        for (name, duration) in statements {
            timings[name, default: .zero] += duration
            timed += duration
        }
        timings["  begin, ingest_state and commit", default: .zero] +=
            max(.zero, ContinuousClock.now - waitStarted - timed)
        summary.add(job.summary)
        if stateLoading == .wholeHistory, state.messages.count > messagesInMemory { try rebuildState() }

        let outcomes = Self.outcomes(
            merged.input,
            decoded: merged.decoded,
            verdicts: classified.verdicts,
            rejected: job.rejectedLines
        )
        let firstIndex = merged.firstIndex
        return (
            merged.bodies.indices.map { body in
                Array(outcomes[firstIndex[body]..<(firstIndex[body] + merged.bodies[body].count)])
            }, false
        )
    }

    /// The most lines a serve group may hold for its look-ups to run as prepared statements.
    static let preparedGroupLines = 256

    /// Whether a group may be applied while the one before it is written: only when the state
    /// is loaded on demand (a whole-history state is rebuilt from the tables between groups).
    public var overlapsGroups: Bool { stateLoading == .onDemand }

    /// One body written with `writeIsolating` (parts and single refused lines rejected).
    private func ingestIsolating(
        _ body: EventBody,
        decoded: [Result<EventEnvelope, Rejection>],
        digests: [[UInt8]]
    ) throws -> [LineOutcome] {
        var input = body.input
        input.sources = Array(repeating: body.source, count: body.count)
        // Which lines are repeats of committed events does not depend on how the body is split.
        let verdicts = try classify(input, decoded: decoded, digests: digests).verdicts
        try forgetUncommitted()
        var rejected: [RejectedLine] = []
        try writeIsolating(input, source: body.source) { done in
            guard let done else { return }
            for (name, duration) in done.timings { timings[name, default: .zero] += duration }
            rejected += done.job.rejectedLines
            summary.add(done.job.summary)
        }
        rejected.sort { $0.lineNumber < $1.lineNumber }
        return Self.outcomes(input, decoded: decoded, verdicts: verdicts, rejected: rejected)
    }

    /// Each line's outcome: rejected lines come in line order, at most one per line.
    private static func outcomes(
        _ input: BatchInput,
        decoded: [Result<EventEnvelope, Rejection>],
        verdicts: [LineVerdict],
        rejected rejectedLines: [RejectedLine]
    ) -> [LineOutcome] {
        var outcomes: [LineOutcome] = []
        outcomes.reserveCapacity(input.count)
        var rejected = rejectedLines[...]
        for index in 0..<input.count {
            let eventID = try? decoded[index].get().id
            let line = input.numbers[index]
            if let next = rejected.first, next.lineNumber == line, next.source == input.sources[index] {
                rejected = rejected.dropFirst()
                outcomes.append(
                    LineOutcome(
                        line: line,
                        eventID: next.eventID ?? eventID,
                        kind: .rejected,
                        code: next.code,
                        message: next.message
                    )
                )
            } else if case .duplicate = verdicts[index] {
                outcomes.append(LineOutcome(line: line, eventID: eventID, kind: .duplicate))
            } else {
                outcomes.append(LineOutcome(line: line, eventID: eventID, kind: .accepted))
            }
        }
        return outcomes
    }

    /// Sets the session up for many small transactions, as `chatsla serve` commits them.
    ///
    /// On demand, a group's working set is loaded without a snapshot transaction (this session is
    /// the only writer), with the open dialogs falling due an hour of event time ahead, and plans by
    /// key (`plan_by_key`). The temp tables a transaction wrote are emptied within it
    /// (``TempTableCleanup``) instead of truncated at each commit. Commits stay asynchronous
    /// (`synchronous_commit = off`, as for files): the server
    /// answers a request only after ``flushCommits(on:)`` on another connection, so its statements
    /// for the next group do not wait for the disk. The statements of every transaction's merges
    /// are prepared once, and a small group's look-ups run prepared too (``preparedGroupLines``),
    /// each with one plan made without the values (`generic_plans`): a single-event group spent
    /// 0.7 of its 2.6 ms planning its one look-up, `load_named`.
    public func prepareForRequests() throws {
        try connection.execute(script: try Self.session("keep_temp_rows"))
        try connection.execute(script: try Self.session("plan_by_key"))
        let rows = try connection.query(PostgresQuery(sql: try Self.session("temp_table_cleanup")))
        guard rows.count == 1, let truncate = rows[0, 0] else {
            throw StoreError.invariantBroken("the ingester's temp tables were not found")
        }
        requestCleanup = TempTableCleanup(truncateAll: truncate)
        try prepareWriteScripts()
        servesRequests = true
    }

    /// Prepares the statements of the scripts every serve transaction runs (the merges of the
    /// temp tables and `save_state`), so that the server plans each once per session, not once
    /// per transaction; their COPY statements stay as they are (``BatchWrite`` inlines them).
    private func prepareWriteScripts() throws {
        var prepares: [String] = []
        var scripts: [String: String] = [:]
        for name in writes.names where name.hasPrefix("merge_") || name == "save_state" {
            var script: [String] = []
            for (index, statement) in try writes.statements(of: name).enumerated() {
                if statement.hasPrefix("COPY ") {
                    script.append(statement)
                } else {
                    let prepared = "chatsla_\(name)_\(index + 1)"
                    prepares.append("PREPARE \(prepared) AS \(statement)")
                    script.append("EXECUTE \(prepared)")
                }
            }
            scripts[name] = script.joined(separator: ";\n")
        }
        if !prepares.isEmpty { try connection.execute(script: prepares.joined(separator: ";\n")) }
        preparedScripts = scripts
    }

    /// Sets up a connection of its own for ``flushCommits(on:)``: its commits wait for the WAL flush.
    ///
    /// - Throws: `PostgresError` when the server is unreachable.
    public static func prepareFlusher(_ connection: PostgresConnection) throws {
        try connection.execute(script: try session("flush_session"))
    }

    /// Waits until every transaction committed before this call, by any session of the server, is
    /// on disk: commits a transaction with `synchronous_commit = on` (its commit record comes after
    /// theirs in the WAL, so its flush is theirs).
    ///
    /// - Parameter connection: a connection set up by ``prepareFlusher(_:)`` (not an ingester's),
    ///   used by one thread.
    /// - Throws: `PostgresError` when the server is unreachable.
    /// - Complexity: one round trip, one statement.
    public static func flushCommits(on connection: PostgresConnection) throws {
        try connection.execute(script: try session("flush_commits"))
    }

    /// Runs a trivial statement: throws when the connection or the server is gone.
    public func checkConnection() throws {
        try connection.query(PostgresQuery(sql: try Self.session("ping")))
    }

    /// Names `connection` in `pg_stat_activity`, so that a refused ingestion can say who holds the lock.
    ///
    /// - Parameters:
    ///   - connection: the session to name.
    ///   - name: e.g. `chatsla serve on 127.0.0.1:8080 (pid 4242)`.
    /// - Throws: `PostgresError`.
    public static func identify(_ connection: PostgresConnection, as name: String) throws {
        let sql = try session("application_name")
        try connection.query(PostgresQuery(sql: sql, binds: [name.postgresBind]))
    }

    /// The session holding the ingestion lock, in words (nil when nobody holds it any more).
    static func lockHolder(_ connection: PostgresConnection) throws -> StoreError.LockHolder? {
        let rows = try connection.query(PostgresQuery(sql: try session("lock_holder")))
        guard rows.count > 0, let name = rows[0, 1] else { return nil }
        let backend = rows[0, 0] ?? "?"
        let client = rows[0, 2] ?? "the local socket"
        let since = rows[0, 3] ?? "?"
        return StoreError.LockHolder(
            description: "\(name) (database session \(backend) from \(client), connected since \(since))",
            isServer: name.hasPrefix("chatsla serve")
        )
    }
}

extension Ingester {
    /// `queries/ingest/session.sql`, read once per process: the flusher, the idle ping and every
    /// input's planner settings use it.
    private static let sessionQueries = Result { try NamedQueries("ingest/session.sql") }

    /// The statement of `session.sql` called `name`.
    static func session(_ name: String) throws -> String { try sessionQueries.get()(name) }
}

import ChatDomain
import Foundation
import PostgresClient

extension Ingester {
    /// Turns the batch into the statements of its transaction: changed rows through the temp
    /// tables, new rows by COPY, then `ingest_state`. Reads the domain state; writes nothing.
    ///
    /// - Complexity: O(rows of the batch); about 2 round trips per non-empty table, 2 merge
    ///   scripts and the state update when run.
    func prepareWrite() throws -> BatchWrite {
        var job = BatchWrite()
        job.summary = batch.summary
        job.rejectedLines = batch.rejectedLines
        // Only the temp tables given rows are merged (and emptied, in a serve session).
        var tempTables = try job.copy(entityRows(), writes)
        try job.merge(tempTables.map(\.table), writeScript)

        // New rows.
        batch.appends[AppendTable.messages.rawValue] = messageRows()
        try job.copy(AppendTable.allCases.map { ("copy_" + $0.table, batch.appends[$0.rawValue]) }, writes)

        // Rows that depend on the new ones, and current values of older rows.
        let dependents = try job.copy(dependentRows(), writes)
        try job.merge(dependents.map(\.table), writeScript)
        tempTables += dependents

        job.steps.append(
            .saveState(
                sql: try writeScript("save_state"),
                clock: state.clock,
                lastSeq: lastSeq,
                roundRobin: Int64(state.roundRobinCursor),
                accepted: Int64(batch.summary.accepted),
                refused: Int64(batch.refusedEvents)
            )
        )
        if var cleanup = requestCleanup {
            // A serve session empties the temp tables it wrote within the transaction (see
            // prepareForRequests and TempTableCleanup).
            let sql = cleanup.statements(emptying: tempTables + [("tmp_ingest_state", 1)])
            job.steps.append(.script(name: "empty the temp tables", sql: sql))
            requestCleanup = cleanup
        }
        return job
    }

    /// The script of `write.sql` called `name`, by its prepared statements in a serve session.
    private func writeScript(_ name: String) throws -> String {
        try preparedScripts[name] ?? writes(name)
    }

    /// The current rows of the entities and dialogs the batch touched, for `merge_entities`
    /// (keys are resolved in this order: stores, channels, users, bots, customers, contacts,
    /// quick replies, dialogs).
    private func entityRows() -> [(statement: String, rows: CopyRows)] {
        var tables: [(statement: String, rows: CopyRows)] = []
        tables.append(
            rows(IngestTables.stores, batch.stores) { id, touch in
                state.stores[id].map { (storeKeys.key(for: id), id, $0, touch) }
            }
        )
        tables.append(
            rows(IngestTables.channels, batch.channels) { id, touch in
                guard let channel = state.channels[id] else { return nil }
                return (channelKeys.key(for: id), id, channel, channel.store.map { storeKeys.key(for: $0) }, touch)
            }
        )
        tables.append(
            rows(IngestTables.users, batch.users) { id, touch in
                state.users[id].map { (userKeys.key(for: id), id, $0, touch) }
            }
        )
        tables.append(
            rows(IngestTables.bots, batch.bots) { id, touch in
                state.bots[id].map { (botKeys.key(for: id), id, $0, touch) }
            }
        )
        tables.append(
            rows(IngestTables.customers, batch.customers) { id, touch in
                guard let customer = state.customers[id] else { return nil }
                let key = customerKeys.key(for: id)
                return (key, id, customer, customer.mergedInto.map { customerKeys.key(for: $0) }, touch)
            }
        )
        tables.append(
            rows(IngestTables.contacts, batch.contacts) { id, touch in
                guard let contact = state.contacts[id] else { return nil }
                let key = contactKeys.key(for: id)
                let customer = contact.customer.map { customerKeys.key(for: $0) }
                return (key, channelKeys.key(for: id.channel), id, customer, touch)
            }
        )
        tables.append(
            rows(IngestTables.quickReplies, batch.quickReplies) { id, entry in
                state.quickReplies[id].map {
                    (quickReplyKeys.key(for: id), id, $0, actorKeys(entry.by).user, entry.touch)
                }
            }
        )
        var participants = CopyRows()
        tables.append(
            rows(IngestTables.dialogs, batch.dialogs) { id, touch in
                guard let dialog = state.dialogs[id] else { return nil }
                let row = dialogRow(dialogKeys.key(for: id), id, dialog, touch)
                for user in dialog.participants {
                    IngestTables.participants.append((row.key, userKeys.key(for: user)), to: &participants)
                }
                return row
            }
        )
        tables.append((IngestTables.participants.statement, participants))
        return tables
    }

    /// A dialog's row: its keys resolved, the last close defaulting to the batch's last touch.
    private func dialogRow(
        _ key: Int64,
        _ id: DialogID,
        _ dialog: DialogState,
        _ touch: Touch
    )
        -> IngestTables
        .DialogRow
    {
        var contactKey: Int64?
        let channelKey = dialog.channel.map { channelKeys.key(for: $0) }
        if let channel = dialog.channel, let contact = dialog.contact {
            contactKey = contactKeys.key(for: ContactKey(channel: channel, contact: contact))
        }
        let customerKey = dialog.customer.map { customerKeys.key(for: $0) }
        let responsible = responsibleKeys(dialog.responsible)
        return (
            key, id, dialog, channelKey, contactKey, customerKey, responsible,
            dialog.closedAt ?? (dialog.isOpen ? nil : touch.lastAt), touch.firstSeq,
            dialog.formerResponsibles.map { userKeys.key(for: $0) }
        )
    }

    /// Current values of older rows (messages, orders' customers), drafts and tasks, for `merge_dependents`.
    private func dependentRows() -> [(statement: String, rows: CopyRows)] {
        [
            rows(IngestTables.messageUpdates, batch.messageUpdates) { key, update in (key, update) },
            rows(IngestTables.orderCustomers, batch.orderCustomers) { key, customer in (key, customer) },
            factLogRows(),
            rows(IngestTables.statusMessages, batch.statusMessages) { message, entry in
                entry.logged ? (message, entry.firstSeq) : nil
            },
            rows(IngestTables.statusLatest, batch.statusLatest) { id, latest in
                // Held as its `dialogs` row says once the batch is merged (a dialog not in memory
                // has no row to say it: not held, as the trigger this replaces decided).
                let held = state.dialogs[id].map { $0.kind != .customer || $0.isPendingPrivacy } ?? false
                return (dialogKeys.key(for: id), latest, held)
            },
            rows(IngestTables.drafts, batch.drafts) { draft, entry in
                (dialogKeys.key(for: draft.dialog), userKeys.key(for: draft.user), entry.text, entry.at)
            },
            rows(IngestTables.tasks, batch.tasks) { id, _ in
                guard let task = state.tasks[id] else { return nil }
                let key = taskKeys.key(for: id)
                let responsible = task.responsible.map { userKeys.key(for: $0) }
                var subject: (order: Int64?, customer: Int64?) = (nil, nil)
                switch task.subject {
                case .order(let order): subject.order = orderKeys.key(for: order)
                case .customer(let customer): subject.customer = customerKeys.key(for: customer)
                case nil: break
                }
                let author = actorKeys(task.author)
                let completedBy = batch.taskCompletedBy[id].flatMap { actorKeys($0).user }
                return (
                    key, id, task, responsible, subject.order, subject.customer, (author.user, author.bot),
                    completedBy
                )
            },
        ]
    }

    /// A row per dialog the batch touched (its header, as its `dialogs` row has it) or appended
    /// facts to.
    private func factLogRows() -> (statement: String, rows: CopyRows) {
        var rows = CopyRows()
        var appended = batch.factLogs
        for id in batch.dialogs.keys {
            guard let dialog = state.dialogs[id] else { continue }
            let key = dialogKeys.key(for: id)
            let header = (id, dialog.kind, dialog.channel.map { channelKeys.key(for: $0) }, dialog.privacy)
            IngestTables.factLogs.append((key, header, appended.removeValue(forKey: key)), to: &rows)
        }
        for (key, append) in appended { IngestTables.factLogs.append((key, nil, append), to: &rows) }
        return (IngestTables.factLogs.statement, rows)
    }

    /// `table`'s rows of every entry of `touched` (`row` gives nil for an entry without a row).
    ///
    /// - Complexity: O(entries × columns).
    private func rows<Key, Value, Row>(
        _ table: CopyTable<Row>,
        _ touched: [Key: Value],
        row: (Key, Value) -> Row?
    ) -> (statement: String, rows: CopyRows) {
        var rows = CopyRows()
        for (key, value) in touched {
            if let row = row(key, value) { table.append(row, to: &rows) }
        }
        return (table.statement, rows)
    }

    /// The `messages` rows of the batch, with the status and edit of their last change.
    private func messageRows() -> CopyRows {
        var rows = CopyRows()
        for message in batch.newMessages { IngestTables.messages.append(message, to: &rows) }
        return rows
    }
}

extension BatchWrite {
    /// Adds a COPY step per non-empty table, in order.
    ///
    /// - Returns: the tables given rows, with how many.
    @discardableResult
    fileprivate mutating func copy(
        _ tables: [(statement: String, rows: CopyRows)],
        _ writes: NamedQueries
    ) throws -> [(table: String, rows: Int)] {
        var written: [(table: String, rows: Int)] = []
        for (statement, rows) in tables where !rows.isEmpty {
            steps.append(.copy(name: statement, sql: try writes(statement), rows: rows))
            written.append((String(statement.dropFirst("copy_".count)), rows.count))
        }
        return written
    }

    /// Adds the `merge_<temp table>` statement of each of `tempTables`, in order.
    fileprivate mutating func merge(_ tempTables: [String], _ script: (String) throws -> String) throws {
        for table in tempTables {
            steps.append(.script(name: "merge_" + table, sql: try script("merge_" + table)))
        }
    }
}

/// How a `chatsla serve` session empties its temp tables, which keep their rows across commits
/// (see `keep_temp_rows` in `queries/ingest/session.sql`).
///
/// Each transaction DELETEs the rows it wrote. Deleted rows still take pages until the table is
/// truncated, and every statement reading a temp table scans them all: a table is therefore
/// truncated (in the transaction that writes to it) once ``rowsBeforeTruncation`` rows were
/// written to it since the last truncation, and every temp table, `want_*` included, each
/// ``transactionsBeforeTruncatingAll`` transactions. A truncation costs about a millisecond (a new
/// file for the table); scanning a thousand deleted rows a few tens of microseconds.
struct TempTableCleanup {
    static let rowsBeforeTruncation = 1_000
    static let transactionsBeforeTruncatingAll = 1_000

    /// `TRUNCATE` of every temp table of the session.
    let truncateAll: String
    private var transactions = 0
    private var rowsSinceTruncation: [String: Int] = [:]

    init(truncateAll: String) { self.truncateAll = truncateAll }

    /// The statements that empty `written` (the temp tables a transaction wrote, with how many
    /// rows), to run at the transaction's end.
    mutating func statements(emptying written: [(table: String, rows: Int)]) -> String {
        transactions += 1
        if transactions % Self.transactionsBeforeTruncatingAll == 0 {
            rowsSinceTruncation = [:]
            return truncateAll
        }
        var deletes: [String] = []
        var truncated: [String] = []
        for (table, rows) in written {
            let total = rowsSinceTruncation[table, default: 0] + rows
            if total >= Self.rowsBeforeTruncation {
                truncated.append("pg_temp." + table)
                rowsSinceTruncation[table] = 0
            } else {
                deletes.append("DELETE FROM pg_temp." + table)
                rowsSinceTruncation[table] = total
            }
        }
        if !truncated.isEmpty { deletes.append("TRUNCATE " + truncated.joined(separator: ", ")) }
        return deletes.joined(separator: ";\n")
    }
}

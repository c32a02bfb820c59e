import ChatDomain
import Foundation
import PostgresClient

extension Ingester {
    /// Loads what a batch reaches into the domain state, after forgetting what no batch in
    /// flight needs (``StateLoading/onDemand``; see `queries/ingest/load.sql`).
    ///
    /// Called by `classify` for batch N+1 while batch N is applied but not committed and N-1 is
    /// committed: what N named, reached or wrote stays in memory (the tables do not have it yet);
    /// what earlier batches reached stays too until the ``Retention`` bounds are passed, then it
    /// is forgotten. N+1's rows not held are loaded; held rows are kept as they are (they are
    /// what the tables hold, or ahead of them) and not read again. The rules reach, from an event: the dialogs, contacts, customers, orders,
    /// tasks and messages it names; a dialog's contact, customer and drafts; an order's dialog,
    /// customer and payments; a task's order and customer; every customer's merge chain; all the
    /// dialogs and orders of a customer in a merge; and every open dialog whose auto-close falls
    /// at or before the latest instant the batch can move time to.
    ///
    /// - Complexity: O(rows reached); at most 4 statements and 7 COPY streams, each by key: only for
    ///   rows not held, only the streams that can find a row, none when nothing is missing.
    func loadWorkingSet(for verdicts: [LineVerdict]) throws {
        var mark = ContinuousClock.now
        func lap(_ name: String) {
            let now = ContinuousClock.now
            timings[name, default: .zero] += now - mark
            mark = now
        }
        // 1. Past the bounds, forget what neither the batch being written (N) nor this one
        //    needs, keeping what the batches before them reached while it stays small.
        earlierReached.append(reached)
        if state.dialogs.count > retention.dialogs || state.messages.count > retention.messages {
            var kept = reached
            kept.dialogs.formUnion(batch.dialogs.keys)
            kept.contacts.formUnion(batch.contacts.keys)
            kept.customers.formUnion(batch.customers.keys)
            kept.tasks.formUnion(batch.tasks.keys)
            var generations = earlierReached.dropLast().reversed().makeIterator()
            while let earlier = generations.next(),
                kept.dialogs.count + earlier.dialogs.count <= retention.dialogs / 2,
                kept.messages.count + earlier.messages.count <= retention.messages / 2
            {
                kept.formUnion(earlier)
            }
            earlierReached = []
            let messagesBefore = state.messages.count
            kept = state.retain(kept)
            if state.messages.count < messagesBefore { messagesBeforeStart = true }
            customerKeys.retain(kept.customers)
            contactKeys.retain(kept.contacts)
            dialogKeys.retain(kept.dialogs)
            orderKeys.retain(kept.orders)
            taskKeys.retain(kept.tasks)
            messageKeys.retain(kept.messages)
            timersLoadedThrough = nil
            heldDialogKeysFrom = dialogKeys.next
        } else if earlierReached.count > 16 {
            earlierReached.removeFirst()
        }
        lap("load: forget")

        // 2. What this batch names.
        var named = RetainedEntities()
        var contactChannels: [String] = []
        var contactIDs: [String] = []
        var merged: Set<CustomerID> = []
        var latest = state.clock
        var assignedTimeout =
            state.settings.autoCloseAssignedSeconds.map { $0 * 1_000_000 }
            ?? DomainState.idleAutoCloseMicros
        for case .new(let event) in verdicts {
            latest = max(latest, event.at)
            switch event.payload {
            case .customerUpserted(let customer, _, _, _, _, _, _):
                named.customers.insert(customer)
            case .customerMerged(_, let customer, let into):
                named.customers.insert(customer)
                named.customers.insert(into)
                merged.insert(customer)
                merged.insert(into)
            case .messageReceived(let dialog, let channel, let contact, let message, _, _, let quote):
                named.dialogs.insert(dialog)
                let key = ContactKey(channel: channel, contact: contact)
                if named.contacts.insert(key).inserted, state.contacts[key] == nil {
                    contactChannels.append(channel.rawValue)
                    contactIDs.append(contact.rawValue)
                }
                named.messages.insert(message)
                if let quote { named.messages.insert(quote) }
            case .messageSent(let dialog, let message, _, _, _, let quote, _):
                named.dialogs.insert(dialog)
                named.messages.insert(message)
                if let quote { named.messages.insert(quote) }
            case .messageStatus(let message, _, _), .messageEdited(let message, _):
                named.messages.insert(message)
            case .privacyAccepted(let dialog), .dialogAssigned(let dialog, _, _), .dialogClosed(let dialog, _),
                .contactBlockedBot(let dialog), .draftSaved(let dialog, _, _):
                named.dialogs.insert(dialog)
            case .dialogLinked(let dialog, let customer, _):
                named.dialogs.insert(dialog)
                named.customers.insert(customer)
            case .orderCreated(let order, _, let dialog, let customer, _, _, _):
                named.orders.insert(order)
                if let dialog { named.dialogs.insert(dialog) }
                if let customer { named.customers.insert(customer) }
            case .orderStatus(let order, _, _), .orderPayment(let order, _, _, _, _):
                named.orders.insert(order)
            case .taskCreated(let task, _, _, _, _, let subject):
                named.tasks.insert(task)
                switch subject {
                case .order(let order)?: named.orders.insert(order)
                case .customer(let customer)?: named.customers.insert(customer)
                case nil: break
                }
            case .taskCompleted(let task, _):
                named.tasks.insert(task)
            case .internalMessage(let thread, _, _, let message, _):
                named.dialogs.insert(thread)
                named.messages.insert(message)
            case .chatSettings(_, let patch):
                // A shorter auto-close time saved within the batch makes more dialogs due.
                if let seconds = patch.autoCloseAssignedSeconds {
                    assignedTimeout = min(
                        assignedTimeout,
                        seconds.map { $0 * 1_000_000 } ?? DomainState.idleAutoCloseMicros
                    )
                }
            case .storeUpserted, .channelUpserted, .userUpserted, .botUpserted, .timeLimits, .businessHours,
                .quickReplyUpserted, .clockTick:
                break
            }
        }

        // 3. Load by key, in one snapshot: only rows not held, and the open dialogs due by the
        // batch's end unless a former load brought every dialog due by then and nothing was
        // forgotten since.
        let anyEvent = verdicts.contains { if case .new = $0 { true } else { false } }
        var dueAssigned: Int64? = anyEvent ? Self.bound(latest, minus: assignedTimeout) : nil
        var dueIdle: Int64? = anyEvent ? Self.bound(latest, minus: DomainState.idleAutoCloseMicros) : nil
        if let assigned = dueAssigned, let idle = dueIdle {
            if let covered = timersLoadedThrough, assigned <= covered.assigned, idle <= covered.idle {
                dueAssigned = nil
                dueIdle = nil
            } else if servesRequests {
                // An hour ahead, so that the next small groups need no look at the timers.
                dueAssigned = Self.ahead(assigned)
                dueIdle = Self.ahead(idle)
            }
        }
        var missingDialogs = named.dialogs.filter { state.dialogs[$0] == nil }
        let missingCustomers = named.customers.filter { state.customers[$0] == nil }
        let missingOrders = named.orders.filter { state.orders[$0] == nil }
        let missingTasks = named.tasks.filter { state.tasks[$0] == nil }
        loaded = RetainedEntities()
        guard
            dueAssigned != nil || !merged.isEmpty || !missingDialogs.isEmpty || !contactIDs.isEmpty
                || !missingCustomers.isEmpty || !missingOrders.isEmpty || !missingTasks.isEmpty
        else {
            reached = named
            return
        }
        // A serve session loads without a snapshot (it is the only writer: the ingestion lock) and
        // its temp tables keep their rows: most of its loads are then one statement that finds
        // nothing; one that finds rows empties the tables after it.
        let inTransaction = !servesRequests
        if inTransaction { try reader.execute(script: try loads("load_begin")) }
        do {
            if let assigned = dueAssigned, let idle = dueIdle {
                // The due dialogs held already are closed from memory: only the others are loaded.
                // Every dialog due by the last load's bounds is held or closed: only the timers
                // armed after them are read (all of them after a cut, which resets the bounds).
                let covered = timersLoadedThrough ?? (RFC3339.minimum, RFC3339.minimum)
                let due = try reader.query(
                    PostgresQuery(
                        sql: try loads("load_due"),
                        binds: [
                            assigned.postgresBind, idle.postgresBind, covered.assigned.postgresBind,
                            covered.idle.postgresBind, heldDialogKeysFrom.postgresBind,
                        ]
                    )
                )
                for row in 0..<due.count {
                    guard let id = due[row, 0].map(DialogID.init(rawValue:)), state.dialogs[id] == nil else { continue }
                    missingDialogs.insert(id)
                }
                lap("load: due")
            }
            let found = try reader.query(
                PostgresQuery(
                    sql: try loads("load_named"),
                    binds: [
                        missingDialogs.map(\.rawValue).postgresBind,
                        contactChannels.postgresBind,
                        contactIDs.postgresBind,
                        missingCustomers.map(\.rawValue).postgresBind,
                        missingOrders.map(\.rawValue).postgresBind,
                        missingTasks.map(\.rawValue).postgresBind,
                        merged.map(\.rawValue).postgresBind,
                    ]
                )
            )
            func count(_ column: Int) -> Int { found.count == 1 ? Int(found[0, column] ?? "") ?? 1 : 1 }
            let (dialogs, contacts, customers, orders, tasks) = (count(0), count(1), count(2), count(3), count(4))
            lap("load: named")
            // What the rules reach only grows from rows found: a task reaches an order, an order a
            // dialog, a dialog a contact, and each of them customers.
            if dialogs + contacts + customers + orders + tasks > 0 {
                try reader.execute(script: try loads("load_reach"))
                lap("load: reach")
                try restoreCustomers("load_customers")
                let anyDialog = dialogs + orders + tasks > 0
                if contacts > 0 || anyDialog { try restoreContacts("load_contacts") }
                if anyDialog {
                    try restoreDialogs("load_dialogs")
                    try restoreDrafts("load_drafts")
                }
                if orders + tasks > 0 { try restoreOrders("load_orders", payments: "load_payments") }
                if tasks > 0 { try restoreTasks("load_tasks") }
                if !inTransaction { try reader.execute(script: try loads("load_forget_wanted")) }
            }
            if inTransaction { try reader.execute(script: try loads("load_end")) }
            lap("load: rows")
            if let assigned = dueAssigned, let idle = dueIdle { timersLoadedThrough = (assigned, idle) }
        } catch {
            if inTransaction {
                _ = try? reader.execute(script: "ROLLBACK")
            } else if let forget = try? loads("load_forget_wanted") {
                _ = try? reader.execute(script: forget)
            }
            throw error
        }
        named.formUnion(loaded)
        reached = named
    }

    /// How far beyond a batch's end a serve session loads the open dialogs that fall due (1 h).
    static let timerLookAhead: Int64 = 3_600_000_000

    /// `bound + timerLookAhead`, at most 9999-12-31T23:59:59Z.
    static func ahead(_ bound: Int64) -> Int64 {
        let latest: Int64 = 253_402_300_799_000_000
        let (value, overflow) = bound.addingReportingOverflow(timerLookAhead)
        return overflow ? latest : min(value, latest)
    }

    /// `instant - micros`, kept within what a timestamp holds (an earlier bound finds nothing).
    static func bound(_ instant: Int64, minus micros: Int64) -> Int64 {
        let (value, overflow) = instant.subtractingReportingOverflow(micros)
        return overflow ? RFC3339.minimum : max(value, RFC3339.minimum)
    }
}

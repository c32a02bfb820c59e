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
        do {
            try copy("copy_tmp_stores", batch.stores) { row, id, touch in
                guard let store = state.stores[id] else { return false }
                row.int(storeKeys.key(for: id))
                row.text(id.rawValue)
                row.text(store.name)
                row.timestamp(touch.firstAt)
                row.timestamp(touch.lastAt)
                return true
            }
            try copy("copy_tmp_channels", batch.channels) { row, id, touch in
                guard let channel = state.channels[id] else { return false }
                row.int(channelKeys.key(for: id))
                row.text(id.rawValue)
                row.text(channel.name)
                row.text(channel.kind.rawValue)
                row.int(channel.store.map { storeKeys.key(for: $0) })
                row.timestamp(touch.firstAt)
                row.timestamp(touch.lastAt)
                return true
            }
            try copy("copy_tmp_users", batch.users) { row, id, touch in
                guard let user = state.users[id] else { return false }
                row.int(userKeys.key(for: id))
                row.text(id.rawValue)
                row.text(user.name)
                row.bool(user.chatAccess)
                row.bool(user.admin)
                row.bool(user.chatAdmin)
                row.bool(user.active)
                row.timestamp(touch.firstAt)
                row.timestamp(touch.lastAt)
                return true
            }
            try copy("copy_tmp_bots", batch.bots) { row, id, touch in
                guard let bot = state.bots[id] else { return false }
                row.int(botKeys.key(for: id))
                row.text(id.rawValue)
                row.text(bot.name)
                row.timestamp(touch.firstAt)
                return true
            }
            try copy("copy_tmp_customers", batch.customers) { row, id, touch in
                guard let customer = state.customers[id] else { return false }
                row.int(customerKeys.key(for: id))
                row.text(id.rawValue)
                row.text(customer.name)
                row.text(customer.phone)
                row.text(customer.email)
                row.text(customer.address)
                row.bool(customer.vip)
                row.bool(customer.bad)
                row.int(customer.mergedInto.map { customerKeys.key(for: $0) })
                row.timestamp(touch.firstAt)
                row.timestamp(touch.lastAt)
                return true
            }
            try copy("copy_tmp_contacts", batch.contacts) { row, id, touch in
                guard let contact = state.contacts[id] else { return false }
                row.int(contactKeys.key(for: id))
                row.int(channelKeys.key(for: id.channel))
                row.text(id.contact.rawValue)
                row.int(contact.customer.map { customerKeys.key(for: $0) })
                row.timestamp(touch.firstAt)
                return true
            }
            try copyQuickReplies()
            var participants = CopyRows()
            try copy("copy_tmp_dialogs", batch.dialogs) { row, id, touch in
                guard let dialog = state.dialogs[id] else { return false }
                let key = dialogKeys.key(for: id)
                row.int(key)
                row.text(id.rawValue)
                row.text(dialog.kind.rawValue)
                row.int(dialog.channel.map { channelKeys.key(for: $0) })
                var contactKey: Int64?
                if let channel = dialog.channel, let contact = dialog.contact {
                    contactKey = contactKeys.key(for: ContactKey(channel: channel, contact: contact))
                }
                row.int(contactKey)
                row.int(dialog.customer.map { customerKeys.key(for: $0) })
                row.text(dialog.isOpen ? "open" : "closed")
                switch dialog.privacy {
                case .notRequired:
                    row.text("none")
                    row.timestamp(nil)
                case .pending:
                    row.text("pending")
                    row.timestamp(nil)
                case .accepted(let at):
                    row.text("accepted")
                    row.timestamp(at)
                }
                let responsible = responsibleKeys(dialog.responsible)
                row.int(responsible.user)
                row.int(responsible.bot)
                row.timestamp(dialog.openedAt)
                row.timestamp(dialog.closedAt ?? (dialog.isOpen ? nil : touch.lastAt))
                row.timestamp(dialog.lastActivityAt)
                row.int(touch.firstSeq)
                row.bool(dialog.botBlocked)
                row.int(dialog.unreadCount)
                row.text(
                    "{" + dialog.formerResponsibles.map { String(userKeys.key(for: $0)) }.joined(separator: ",") + "}"
                )
                for user in dialog.participants {
                    participants.int(key)
                    participants.int(userKeys.key(for: user))
                    participants.endRow()
                }
                return true
            }
            try copy("copy_tmp_participants", participants)
            if !(batch.stores.isEmpty && batch.channels.isEmpty && batch.users.isEmpty && batch.bots.isEmpty
                && batch.customers.isEmpty && batch.contacts.isEmpty && batch.quickReplies.isEmpty
                && batch.dialogs.isEmpty)
            {
                job.steps.append(.script(name: "merge_entities", sql: try writes("merge_entities")))
            }

            // New rows.
            buildMessageRows()
            for table in AppendTable.allCases {
                try copy(table.statement, batch.appends[table.rawValue])
            }

            // Rows that depend on the new ones, and current values of older rows.
            try copyDependents()

            job.steps.append(
                .saveState(
                    sql: try writes("save_state"),
                    clock: state.clock,
                    lastSeq: lastSeq,
                    roundRobin: Int64(state.roundRobinCursor),
                    accepted: Int64(batch.summary.accepted),
                    refused: Int64(batch.refusedEvents)
                )
            )
        }
        if var cleanup = requestCleanup {
            // A serve session empties its temp tables in the transaction (see prepareForRequests);
            // every 1,000th transaction truncates them, giving back the space of the deleted rows.
            cleanup.transactions += 1
            let truncate = cleanup.transactions % 1_000 == 0
            job.steps.append(.script(name: "empty the temp tables", sql: truncate ? cleanup.truncate : cleanup.delete))
            requestCleanup = cleanup
        }
        return job

        func copy(_ statement: String, _ rows: CopyRows) throws {
            guard !rows.isEmpty else { return }
            job.steps.append(.copy(name: statement, sql: try writes(statement), rows: rows))
        }

        /// Rows of every touched id (the closure writes one row's fields, or returns false before writing any).
        func copy<ID>(
            _ statement: String,
            _ touched: [ID: Touch],
            row body: (inout CopyRows, ID, Touch) throws -> Bool
        ) throws {
            guard !touched.isEmpty else { return }
            var rows = CopyRows()
            for (id, touch) in touched where try body(&rows, id, touch) {
                rows.endRow()
            }
            try copy(statement, rows)
        }

        func copyQuickReplies() throws {
            var rows = CopyRows()
            for (id, entry) in batch.quickReplies {
                guard let reply = state.quickReplies[id] else { continue }
                rows.int(quickReplyKeys.key(for: id))
                rows.text(id.rawValue)
                rows.text(reply.command)
                rows.text(reply.text)
                rows.text(reply.category)
                rows.int(actorKeys(entry.by).user)
                rows.timestamp(entry.touch.lastAt)
                rows.endRow()
            }
            try copy("copy_tmp_quick_replies", rows)
        }

        func copyDependents() throws {
            var updates = CopyRows()
            for (key, update) in batch.messageUpdates {
                updates.int(key)
                updates.text(update.status?.rawValue)
                updates.text(update.failureReason)
                updates.timestamp(update.editedAt)
                updates.endRow()
            }
            try copy("copy_tmp_message_updates", updates)
            var orders = CopyRows()
            for (key, customer) in batch.orderCustomers {
                orders.int(key)
                orders.int(customer)
                orders.endRow()
            }
            try copy("copy_tmp_order_customers", orders)
            var drafts = CopyRows()
            for (draft, entry) in batch.drafts {
                drafts.int(dialogKeys.key(for: draft.dialog))
                drafts.int(userKeys.key(for: draft.user))
                drafts.text(entry.text ?? "")
                drafts.timestamp(entry.at)
                drafts.bool(entry.text == nil)
                drafts.endRow()
            }
            try copy("copy_tmp_drafts", drafts)
            try copy("copy_tmp_tasks", batch.tasks) { row, id, touch in
                guard let task = state.tasks[id] else { return false }
                row.int(taskKeys.key(for: id))
                row.text(id.rawValue)
                row.text(task.text)
                row.timestamp(task.due)
                row.int(task.responsible.map { userKeys.key(for: $0) })
                switch task.subject {
                case .order(let order):
                    row.int(orderKeys.key(for: order))
                    row.int(nil)
                case .customer(let customer):
                    row.int(nil)
                    row.int(customerKeys.key(for: customer))
                case nil:
                    row.int(nil)
                    row.int(nil)
                }
                let author = actorKeys(task.author)
                row.int(author.user)
                row.int(author.bot)
                row.timestamp(task.createdAt)
                row.timestamp(task.completedAt)
                row.int(batch.taskCompletedBy[id].flatMap { actorKeys($0).user })
                return true
            }
            if !(updates.isEmpty && orders.isEmpty && drafts.isEmpty && batch.tasks.isEmpty) {
                job.steps.append(.script(name: "merge_dependents", sql: try writes("merge_dependents")))
            }
        }
    }

    private func buildMessageRows() {
        var row = CopyRows()
        do {
            for message in batch.newMessages {
                row.int(message.key)
                row.text(message.id)
                row.int(message.dialogKey)
                row.int(message.seq)
                row.timestamp(message.createdAt)
                row.text(message.senderKind.rawValue)
                row.int(message.contactKey)
                row.int(message.userKey)
                row.int(message.botKey)
                row.text(message.text)
                row.int(message.quoteKey)
                row.int(message.quickReplyKey)
                row.text(message.status.rawValue)
                row.text(message.failureReason)
                row.timestamp(message.editedAt)
                row.endRow()
            }
        }
        batch.appends[AppendTable.messages.rawValue] = row
    }
}

extension DomainState {
    /// Auto-close time for dialogs with a responsible user, in microseconds; `nil` when not configured.
    var assignedAutoCloseMicros: Int64? { settings.autoCloseAssignedSeconds.map { $0 * 1_000_000 } }

    /// Pushes a timer for an open customer dialog into the heap of its responsible class.
    ///
    /// - Complexity: O(log n).
    mutating func scheduleTimer(for dialog: DialogState) {
        guard dialog.isOpen, dialog.kind == .customer else { return }
        if dialog.responsible.user != nil {
            assignedTimers.push(dialog.lastActivityAt, dialog.id)
        } else {
            idleTimers.push(dialog.lastActivityAt, dialog.id)
        }
    }

    /// Closes every open dialog whose deadline is at or before `instant`, in deadline order.
    ///
    /// A dialog with a responsible user closes at last activity + `auto_close_assigned_s`, the
    /// setting in effect now (SPEC §1 "closed automatically at (last such message + that time)",
    /// read literally: a shorter time, or a manager taking an old dialog, can close it at an
    /// instant already past); any other open dialog, or every dialog when no time is configured,
    /// after 30 days. A close is never stamped before the reopen of the open period it ends: a
    /// deadline earlier than the dialog's last close (a late message reopens at that close) is
    /// moved to it. Closes carry their deadline as time.
    ///
    /// - Complexity: O((k + s) log n) for k closes and s stale timer entries met on the way.
    mutating func closeDue(upTo instant: Int64, into context: inout ApplyContext) {
        while true {
            let assignedTimeout = assignedAutoCloseMicros ?? Self.idleAutoCloseMicros
            let assignedDeadline = assignedTimers.min.map { $0.key + assignedTimeout }
            let idleDeadline = idleTimers.min.map { $0.key + Self.idleAutoCloseMicros }
            let fromAssigned: Bool
            switch (assignedDeadline, idleDeadline) {
            case (nil, nil): return
            case (let deadline?, nil):
                guard deadline <= instant else { return }
                fromAssigned = true
            case (nil, let deadline?):
                guard deadline <= instant else { return }
                fromAssigned = false
            case (let assigned?, let idle?):
                guard min(assigned, idle) <= instant else { return }
                fromAssigned = assigned <= idle
            }
            guard let entry = fromAssigned ? assignedTimers.popMin() : idleTimers.popMin() else { return }
            guard var dialog = dialogs[entry.id], dialog.isOpen, dialog.kind == .customer,
                (dialog.responsible.user != nil) == fromAssigned
            else { continue }
            if dialog.lastActivityAt > entry.key {
                // The dialog moved on since this entry was pushed: re-arm from its latest activity.
                scheduleTimer(for: dialog)
                continue
            }
            let timeout = fromAssigned ? assignedTimeout : Self.idleAutoCloseMicros
            let deadline = max(entry.key + timeout, dialog.closedAt ?? .min)
            dialog.isOpen = false
            dialog.closedAt = deadline
            dialogs[entry.id] = dialog
            let cause: CloseCause = fromAssigned && assignedAutoCloseMicros != nil ? .assignedTimeout : .inactivity
            context.add(.dialogClosed(dialog: entry.id, cause: cause), at: deadline)
        }
    }
}

extension TimerHeap.Entry {
    var id: DialogID { dialog }
}

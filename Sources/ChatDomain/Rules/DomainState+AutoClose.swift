extension DomainState {
    /// Auto-close time for dialogs with a responsible user, in microseconds; `nil` when not
    /// configured (such dialogs are then never closed automatically).
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

    /// The instant `dialog` closes automatically if nothing happens, under the settings now;
    /// `nil` when it is closed, internal, or held by a user while no auto-close time is set.
    ///
    /// Last activity + the time of its rule (SPEC §1), never before the dialog's last close (a
    /// late message reopens at it), nor before the instant the dialog came under its rule
    /// (``DialogState/timerFloor``), nor, for the assigned rule, before the instant the time in
    /// effect was set: a change that makes a dialog due closes it then, not in the past, so
    /// what happened after an instant never rewrites what was true at it.
    func autoCloseDeadline(of dialog: DialogState) -> Int64? {
        guard dialog.isOpen, dialog.kind == .customer else { return nil }
        var floor = max(dialog.closedAt ?? .min, dialog.timerFloor ?? restoredTimerFloor)
        let timeout: Int64
        if dialog.responsible.user != nil {
            guard let assigned = assignedAutoCloseMicros else { return nil }
            timeout = assigned
            floor = max(floor, assignedAutoCloseSince)
        } else {
            timeout = Self.idleAutoCloseMicros
        }
        return max(dialog.lastActivityAt + timeout, floor)
    }

    /// Closes every open dialog whose deadline is at or before `instant`, in deadline order.
    ///
    /// A dialog with a responsible user closes at last activity + `auto_close_assigned_s`, the
    /// setting in effect now, and never when no time is set; any other open customer dialog
    /// (unassigned, bot-held, privacy-pending) after 30 days. See ``autoCloseDeadline(of:)``
    /// for the floors a deadline never goes below; each floor is an instant already applied, so
    /// it is at most the clock, and a dialog whose last activity + time is due is due now.
    /// Closes carry their deadline as time and are emitted in deadline order.
    ///
    /// - Complexity: O((k + s) log n) for k closes and s stale timer entries met on the way.
    mutating func closeDue(upTo instant: Int64, into context: inout ApplyContext) {
        let assignedTimeout = assignedAutoCloseMicros
        var closes: [(at: Int64, dialog: DialogID, cause: CloseCause)] = []
        while true {
            // With no time set, dialogs held by a user stay in their heap untouched: a time set
            // later applies to them.
            let assignedDeadline = assignedTimeout.flatMap { timeout in assignedTimers.min.map { $0.key + timeout } }
            let idleDeadline = idleTimers.min.map { $0.key + Self.idleAutoCloseMicros }
            let next: Bool?  // whether the earliest due timer is in the assigned heap
            switch (assignedDeadline, idleDeadline) {
            case (let deadline?, nil) where deadline <= instant: next = true
            case (nil, let deadline?) where deadline <= instant: next = false
            case (let assigned?, let idle?) where min(assigned, idle) <= instant: next = assigned <= idle
            default: next = nil
            }
            guard let fromAssigned = next,
                let entry = fromAssigned ? assignedTimers.popMin() : idleTimers.popMin()
            else { break }
            guard var dialog = dialogs[entry.id], dialog.isOpen, dialog.kind == .customer,
                (dialog.responsible.user != nil) == fromAssigned
            else { continue }
            if dialog.lastActivityAt > entry.key {
                // The dialog moved on since this entry was pushed: re-arm from its latest activity.
                scheduleTimer(for: dialog)
                continue
            }
            guard let deadline = autoCloseDeadline(of: dialog) else { continue }
            dialog.isOpen = false
            dialog.closedAt = deadline
            dialogs[entry.id] = dialog
            closes.append((deadline, entry.id, fromAssigned ? .assignedTimeout : .inactivity))
        }
        // A floor can stamp a close later than one popped after it: emit in deadline order
        // (ties in pop order).
        for close in closes.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }) {
            context.add(.dialogClosed(dialog: close.element.dialog, cause: close.element.cause), at: close.element.at)
        }
    }
}

extension TimerHeap.Entry {
    var id: DialogID { dialog }
}

extension DomainState {
    /// Whether `dialog` has an entry in the timer heap of its rule, so its deadline will be met
    /// (an entry older than its last activity is re-armed when it comes up).
    ///
    /// - Complexity: O(n) over the heap: for checks and tests, not for the rules.
    func hasArmedTimer(_ dialog: DialogID) -> Bool {
        guard let state = dialogs[dialog] else { return false }
        let heap = state.responsible.user != nil ? assignedTimers : idleTimers
        return heap.entries.contains { $0.dialog == dialog && $0.key <= state.lastActivityAt }
    }
}

extension DomainState {
    /// The dialogs with an entry in the timer heap of their rule (see ``hasArmedTimer(_:)``).
    ///
    /// - Complexity: O(n) over both heaps: for checks and tests, not for the rules.
    func armedTimerDialogs() -> Set<DialogID> {
        var armed: Set<DialogID> = []
        for (heap, assigned) in [(assignedTimers, true), (idleTimers, false)] {
            for entry in heap.entries {
                guard let state = dialogs[entry.dialog], (state.responsible.user != nil) == assigned,
                    entry.key <= state.lastActivityAt
                else { continue }
                armed.insert(entry.dialog)
            }
        }
        return armed
    }
}

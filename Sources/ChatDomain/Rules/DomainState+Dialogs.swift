extension DomainState {
    /// Changes a dialog's responsible, keeping `formerResponsibles` right.
    ///
    /// - Returns: whether the dialog moved between the assigned and the idle auto-close rule
    ///   (the caller then schedules a timer once the dialog is stored).
    @discardableResult
    mutating func setResponsible(
        _ dialog: inout DialogState,
        to target: Responsible,
        by: EventActor,
        reason: AssignmentReason,
        context: inout ApplyContext
    ) -> Bool {
        let previous = dialog.responsible
        if let user = previous.user, previous != target, !dialog.formerResponsibles.contains(user) {
            dialog.formerResponsibles.append(user)
        }
        if let user = target.user { dialog.formerResponsibles.removeAll { $0 == user } }
        dialog.responsible = target
        context.add(.assigned(dialog: dialog.id, from: previous, to: target, by: by, reason: reason))
        let moved = (previous.user != nil) != (target.user != nil)
        // Under its new rule from now on: a close it is already due for is stamped now, not before.
        if moved { dialog.timerFloor = context.at }
        return moved
    }

    /// Round robin over the active users of `default_responsible`, across the whole system.
    ///
    /// - Complexity: O(length of the list) at worst, O(1) when the next user is active.
    mutating func assignDefaultResponsible(_ dialog: inout DialogState, context: inout ApplyContext) {
        let candidates = settings.defaultResponsible
        guard !candidates.isEmpty else { return }
        for step in 0..<candidates.count {
            let position = (roundRobinCursor + step) % candidates.count
            guard let user = users[candidates[position]], user.canUseChats else { continue }
            roundRobinCursor = position + 1
            setResponsible(&dialog, to: .user(user.id), by: .system, reason: .defaultResponsible, context: &context)
            return
        }
    }

    mutating func assign(
        _ id: DialogID,
        to target: Responsible,
        by: EventActor,
        context: inout ApplyContext
    ) throws(Rejection) {
        let dialog = try customerDialog(id)
        try checkActor(by, field: "by")
        if case .user(let actorID) = by, let actor = users[actorID] {
            guard !dialog.isPendingPrivacy else {
                throw Rejection(.notVisible, "dialog \"\(id)\" waits for the customer to accept the privacy policy")
            }
            let ownsIt = dialog.responsible == .user(actorID)
            let takesUnassigned = dialog.responsible == .none && target == .user(actorID)
            guard actor.seesAllDialogs || ownsIt || takesUnassigned else {
                throw Rejection(
                    .notAllowedToReassign,
                    "user \"\(actorID)\" may not reassign dialog \"\(id)\" (responsible: \(dialog.responsible.label)); "
                        + "only admins, chat admins and the responsible user may"
                )
            }
        }
        if case .bot(let botID) = by {
            // A bot places unassigned dialogs (auto-distribution) and hands over the ones it
            // holds (a chat bot passing the customer to a person); a user's dialog is the user's.
            guard dialog.responsible == .none || dialog.responsible == .bot(botID) else {
                throw Rejection(
                    .notAllowedToReassign,
                    "bot \"\(botID)\" may not reassign dialog \"\(id)\" (responsible: \(dialog.responsible.label)); "
                        + "a bot assigns unassigned dialogs and hands over its own"
                )
            }
        }
        switch target {
        case .user(let user):
            guard let state = users[user] else { throw .invalidField("to", "unknown user \"\(user)\"") }
            guard state.canUseChats else {
                throw Rejection(.noChatAccess, "field \"to\": user \"\(user)\" cannot use chats")
            }
        case .bot(let bot):
            guard bots[bot] != nil else { throw .invalidField("to", "unknown bot \"\(bot)\"") }
        case .none:
            break
        }
        advanceClock(&context)
        guard var current = dialogs[id] else { return }
        let moved = setResponsible(&current, to: target, by: by, reason: .explicit, context: &context)
        dialogs[id] = current
        if moved { scheduleTimer(for: current) }
    }

    mutating func close(_ id: DialogID, by: EventActor, context: inout ApplyContext) throws(Rejection) {
        let dialog = try customerDialog(id)
        try checkActor(by, on: dialog, writing: false)
        advanceClock(&context)
        // Closing a dialog that is already closed (by someone, or automatically) is accepted and
        // changes nothing: the close of record stays the first one.
        guard var current = dialogs[id], current.isOpen else { return }
        current.isOpen = false
        current.closedAt = context.at
        dialogs[id] = current
        context.add(.dialogClosed(dialog: id, cause: .actor(by)))
    }

    mutating func blockBot(_ id: DialogID, context: inout ApplyContext) throws(Rejection) {
        _ = try customerDialog(id)
        advanceClock(&context)
        guard dialogs[id]?.botBlocked == false else { return }
        dialogs[id]?.botBlocked = true
        context.add(.botBlocked(dialog: id))
    }
}

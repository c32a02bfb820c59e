extension DomainState {
    /// A known user who may use chats (active, with chat access, admin or chat-admin rights).
    func chatUser(_ id: UserID, field: String) throws(Rejection) -> UserState {
        guard let user = users[id] else { throw .invalidField(field, "unknown user \"\(id)\"") }
        guard user.canUseChats else {
            let reason = user.active ? "has no chat access" : "is not active"
            throw Rejection(.noChatAccess, "user \"\(id)\" \(reason)")
        }
        return user
    }

    /// Checks that an actor exists (CRM-wide actions: orders, tasks, merges need no chat rights).
    func checkKnownActor(_ actor: EventActor, field: String) throws(Rejection) {
        switch actor {
        case .user(let id): guard users[id] != nil else { throw .invalidField(field, "unknown user \"\(id)\"") }
        case .bot(let id): guard bots[id] != nil else { throw .invalidField(field, "unknown bot \"\(id)\"") }
        case .system: break
        }
    }

    /// Checks that an actor exists and, for a user, may use chats.
    func checkActor(_ actor: EventActor, field: String) throws(Rejection) {
        switch actor {
        case .user(let id): _ = try chatUser(id, field: field)
        case .bot(let id): guard bots[id] != nil else { throw .invalidField(field, "unknown bot \"\(id)\"") }
        case .system: break
        }
    }

    /// A known customer dialog (internal threads are refused).
    func customerDialog(_ id: DialogID, field: String = "dialog") throws(Rejection) -> DialogState {
        guard let dialog = dialogs[id] else { throw .invalidField(field, "unknown dialog \"\(id)\"") }
        guard dialog.kind == .customer else {
            throw .invalidField(field, "\"\(id)\" is an internal thread, not a customer dialog")
        }
        return dialog
    }

    /// Whether `user` may act on `dialog`: pending dialogs are invisible to everyone; admins and
    /// chat admins act on every other dialog; others on their own and unassigned ones.
    ///
    /// - Parameters:
    ///   - dialog: the dialog acted on.
    ///   - user: the acting user.
    ///   - writing: a user that lost the dialog to someone else gets `dialog_reassigned`.
    /// - Throws: `not_visible` or `dialog_reassigned`.
    func checkVisible(_ dialog: DialogState, to user: UserState, writing: Bool) throws(Rejection) {
        guard !dialog.isPendingPrivacy else {
            throw Rejection(.notVisible, "dialog \"\(dialog.id)\" waits for the customer to accept the privacy policy")
        }
        if user.seesAllDialogs { return }
        switch dialog.responsible {
        case .none: return
        case .user(let owner) where owner == user.id: return
        default:
            if writing && dialog.formerResponsibles.contains(user.id) {
                throw Rejection(
                    .dialogReassigned,
                    "dialog \"\(dialog.id)\" was reassigned to \(dialog.responsible.label); user \"\(user.id)\" "
                        + "can no longer write in it"
                )
            }
            throw Rejection(
                .notVisible,
                "user \"\(user.id)\" cannot see dialog \"\(dialog.id)\" (responsible: \(dialog.responsible.label))"
            )
        }
    }

    /// Checks an actor acting on a dialog: users need chat access and visibility; bots must exist.
    func checkActor(_ actor: EventActor, on dialog: DialogState, writing: Bool) throws(Rejection) {
        try checkActor(actor, field: "by")
        if case .user(let id) = actor, let user = users[id] { try checkVisible(dialog, to: user, writing: writing) }
    }

    /// Admins and chat admins (or the system) change chat settings and quick replies.
    func checkChatAdmin(_ actor: EventActor, what: String) throws(Rejection) {
        switch actor {
        case .system: return
        case .bot(let id): throw Rejection(.notChatAdmin, "bot \"\(id)\" cannot change \(what)")
        case .user(let id):
            guard let user = users[id] else { throw .invalidField("by", "unknown user \"\(id)\"") }
            guard user.seesAllDialogs else {
                throw Rejection(
                    .notChatAdmin,
                    "user \"\(id)\" is neither admin nor chat admin and cannot change \(what)"
                )
            }
            guard user.active else { throw Rejection(.noChatAccess, "user \"\(id)\" is not active") }
        }
    }

    /// The surviving customer of `id` after merges.
    func survivor(of id: CustomerID) -> CustomerID {
        var current = id
        var hops = 0
        while let next = customers[current]?.mergedInto, hops < 64 {
            current = next
            hops += 1
        }
        return current
    }
}

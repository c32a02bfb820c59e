import Testing

@testable import ChatDomain

/// The rule decisions taken when the generator and the domain were reconciled (see the
/// "Decisions" section of the ChatDomain documentation). Each test quotes SPEC §1 or §3.
@Suite struct DomainStateReconcileTests {
    typealias H = DomainHarness

    /// Applies one JSON line (its `at` is `seconds` after the harness origin) through the decoder.
    static func line(_ h: inout H, _ seconds: Int64, _ type: String, _ fields: String) -> Outcome {
        h.seq += 1
        let json =
            #"{"id":"x\#(h.seq)","type":"\#(type)","at":"\#(RFC3339.format(H.time(seconds)))","# + fields + "}"
        switch EventDecoder().decode(json) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let event): return h.state.apply(event, seq: h.seq)
        }
    }

    // MARK: 1. Bots

    /// §1 "only an admin, a chat admin or the dialog's current responsible user may reassign"
    /// names users; §3 lets `dialog.assigned.by` be a bot and §1 has auto-distribution bots.
    @Test func aBotAssignsUnassignedDialogsAndHandsOverItsOwnButNotAUsersDialog() {
        var h = H.world()
        h.accept(0, .botUpserted(bot: "b2", name: "Chat bot"))
        h.receive(10, message: "m1")
        // The distribution bot places an unassigned dialog with a chat bot.
        h.accept(20, H.assign(to: .bot("b2"), by: .bot("b1")))
        // Another bot may not take it from the bot that holds it …
        #expect(h.reject(30, H.assign(to: .bot("b1"), by: .bot("b1"))) == .notAllowedToReassign)
        // … but the holder hands it over to a person.
        h.accept(40, H.assign(to: .user("u1"), by: .bot("b2")))
        #expect(h.dialog()?.responsible == .user("u1"))
        // A user's dialog is the user's: no bot moves it (the rule keeps protecting users).
        #expect(h.reject(50, H.assign(to: .user("u2"), by: .bot("b1"))) == .notAllowedToReassign)
        #expect(h.reject(50, H.assign(to: .bot("b2"), by: .bot("b2"))) == .notAllowedToReassign)
        // The system (round robin, imports) and admins still may.
        h.accept(60, H.assign(to: .user("u2"), by: .user("a")))
        h.accept(70, H.assign(to: .user("u3"), by: .system))
        // A bot closes and writes into dialogs (greetings, FAQ answers) like the system does.
        h.accept(80, H.send("m2", by: .bot("b2")))
        h.accept(90, .dialogClosed(dialog: "d1", by: .bot("b2")))
    }

    /// "only an admin, a chat admin or the dialog's current responsible user may reassign":
    /// admins assign anyone, a manager may only take an unassigned dialog for itself.
    @Test func adminsAssignAnyoneManagersOnlyTakeUnassignedDialogsForThemselves() {
        var h = H.world()
        h.receive(10, message: "m1")
        #expect(h.reject(20, H.assign(to: .user("u2"), by: .user("u1"))) == .notAllowedToReassign)
        h.accept(20, H.assign(to: .user("u2"), by: .user("a")))
        h.accept(30, H.assign(to: .user("u3"), by: .user("ca")))
        h.accept(40, H.assign(to: .user("u1"), by: .user("u3")))
        #expect(h.reject(50, H.assign(to: .user("u2"), by: .user("u3"))) == .notAllowedToReassign)
    }

    // MARK: 2. Partial chat settings

    /// "`settings.chats` is a partial update: fields left out keep their values."
    @Test func chatSettingsWithOnlyAnEmptyDefaultResponsibleListKeepEverythingElse() {
        var h = H.world()
        h.accept(
            5,
            H.settings(
                ChatSettingsPatch(
                    autoCloseAssignedSeconds: .some(3600),
                    defaultResponsible: ["u1"],
                    firstResponderTakesDialog: true
                )
            )
        )
        let outcome = Self.line(&h, 10, "settings.chats", #""by":{"user":"ca"},"default_responsible":[]"#)
        #expect(outcome.rejection == nil, "\(String(describing: outcome.rejection))")
        #expect(h.state.settings.defaultResponsible.isEmpty)
        #expect(h.state.settings.autoCloseAssignedSeconds == 3600)
        #expect(h.state.settings.firstResponderTakesDialog)
        // No default responsible any more: a new dialog stays unassigned.
        h.receive(20, message: "m1")
        #expect(h.dialog()?.responsible == Responsible.none)
    }

    // MARK: 3. Round robin and the privacy gate

    /// "a new dialog (or one accepted after the privacy gate) is assigned to the next active user
    /// of the list, round robin across the whole system, by a system assignment at its opening
    /// instant": one counter; a dialog takes its turn when it opens, or when it is accepted.
    @Test func roundRobinAdvancesAtPrivacyAcceptanceOnTheOneGlobalCounter() {
        var h = H.world()
        h.accept(
            5,
            H.settings(
                ChatSettingsPatch(
                    defaultResponsible: ["u1", "u2", "u3"],
                    privacyEnabled: true,
                    privacyExcludedChannels: ["wa"]
                )
            )
        )
        h.receive(10, dialog: "gated", message: "m1", contact: "k1", channel: "tg")
        #expect(h.dialog("gated")?.responsible == Responsible.none)
        h.receive(20, dialog: "open1", message: "m2", contact: "k2", channel: "wa")
        let accepted = h.accept(30, .privacyAccepted(dialog: "gated"))
        #expect(
            accepted.contains(
                .assigned(dialog: "gated", from: .none, to: .user("u2"), by: .system, reason: .defaultResponsible)
            )
        )
        h.receive(40, dialog: "open2", message: "m3", contact: "k3", channel: "wa")
        #expect(h.dialog("open1")?.responsible == .user("u1"))
        #expect(h.dialog("gated")?.responsible == .user("u2"))
        #expect(h.dialog("open2")?.responsible == .user("u3"))
    }

    // MARK: 4. Field shapes

    /// §3 "Actors are written {"user": "u1"}": `internal.message` `to` names its user the way
    /// `by` does; a plain id is not accepted any more (one form, the generator's).
    @Test func internalMessageRecipientIsWrittenLikeAnActor() throws {
        var h = H.world()
        let accepted = Self.line(
            &h,
            10,
            "internal.message",
            #""thread":"th1","by":{"user":"u1"},"to":{"user":"u2"},"message":"i1","text":"psst""#
        )
        #expect(
            accepted.facts.map(\.fact).contains(
                .internalMessageStored(thread: "th1", message: "i1", by: "u1", to: ["u2"], text: "psst")
            )
        )
        let plain = Self.line(
            &h,
            20,
            "internal.message",
            #""thread":"th1","by":{"user":"u1"},"to":"u2","message":"i2","text":"psst""#
        )
        #expect(plain.rejection?.code == .invalidEvent)
        #expect(plain.rejection?.message.contains(#"field "to""#) == true)
        let bot = Self.line(
            &h,
            20,
            "internal.message",
            #""thread":"th1","by":{"user":"u1"},"to":{"bot":"b1"},"message":"i2","text":"psst""#
        )
        #expect(bot.rejection?.code == .invalidEvent)
    }

    /// A task's `responsible` is always a user, so it is a plain user id, like
    /// `default_responsible` ("user ids").
    @Test func taskResponsibleIsAPlainUserID() {
        var h = H.world()
        let outcome = Self.line(
            &h,
            10,
            "task.created",
            #""task":"t1","by":{"user":"u1"},"text":"Call back","due":"2026-01-06T10:00:00Z","#
                + #""responsible":"u2","customer":"c1""#
        )
        #expect(outcome.rejection == nil, "\(String(describing: outcome.rejection))")
        #expect(h.state.tasks["t1"]?.responsible == "u2")
    }

    /// §3 lists `quick_reply` beside `text`: when both are given, the text is sent as written.
    @Test func quickReplyWithTextSendsTheTextAsWritten() {
        var h = H.world()
        h.accept(
            1,
            .quickReplyUpserted(
                quickReply: "qr1",
                by: .user("ca"),
                command: "/hi",
                text: "Hi {{ customer.name }}",
                category: nil
            )
        )
        h.receive(10, message: "m1")
        let facts = h.accept(20, H.send("m2", by: .user("u1"), text: "Hi Ann, welcome back", quickReply: "qr1"))
        let stored = facts.compactMap { if case .messageStored(let message) = $0 { message } else { nil } }
        #expect(stored.first?.text == "Hi Ann, welcome back")
        #expect(stored.first?.quickReply == "qr1")
    }

    // MARK: 5. Orders not from a chat

    /// §3 `order.created` has no store field; §1 "Orders created from a chat: store = the
    /// channel's store" — an order without a dialog has no store and is accepted.
    @Test func anOrderNotFromAChatHasNoStore() {
        var h = H.world()
        let outcome = Self.line(
            &h,
            10,
            "order.created",
            #""order":"o1","number":"10001W","dialog":null,"customer":"c1","by":{"user":"u1"},"#
                + #""items":[{"offer":"sku1","quantity":1,"price":"10.00"}],"delivery":{"type":"pickup","cost":"0"}"#
        )
        #expect(outcome.rejection == nil, "\(String(describing: outcome.rejection))")
        #expect(h.state.orders["o1"]?.store == nil)
        h.receive(20, message: "m1")
        _ = Self.line(
            &h,
            30,
            "order.created",
            #""order":"o2","number":"10002C","dialog":"d1","customer":"c1","by":{"user":"u1"},"#
                + #""items":[{"offer":"sku1","quantity":1,"price":"10.00"}],"delivery":{"type":"pickup","cost":"0"}"#
        )
        #expect(h.state.orders["o2"]?.store == "s1")
    }

    // MARK: 6. Late messages, auto-closed dialogs, blocked bots

    /// "A customer message to a closed dialog reopens it; its responsible stays." A message
    /// stamped before the manager's close but ingested after it reopens the dialog, at the close
    /// instant (a reopen never precedes its close); the clock does not move back.
    @Test func aLateMessageStampedBeforeTheCloseReopensAtTheCloseInstant() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, H.assign(to: .user("u1"), by: .user("a")))
        h.accept(30, H.send("m2", by: .user("u1")))
        h.accept(600, .dialogClosed(dialog: "d1", by: .user("u1")))
        let late = h.apply(400, H.received("late", text: "and this"))
        let reopen = late.facts.first { if case .dialogReopened = $0.fact { true } else { false } }
        #expect(reopen?.at == H.time(600))
        #expect(h.dialog()?.isOpen == true)
        #expect(h.dialog()?.responsible == .user("u1"))
        #expect(h.state.clock == H.time(600))
    }

    /// "A user may write into a closed dialog it is responsible for (… the dialog stays as it is
    /// until the customer writes)" — auto-closed included.
    @Test func theStillResponsibleUserRepliesIntoAnAutoClosedDialog() {
        var h = H.world()
        h.accept(1, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(3600))))
        h.receive(10, message: "m1")
        h.accept(20, H.assign(to: .user("u1"), by: .user("a")))
        h.accept(30, H.send("m2", by: .user("u1")))
        let facts = h.accept(5000, H.send("m3", by: .user("u1")))
        #expect(facts.first == .dialogClosed(dialog: "d1", cause: .assignedTimeout))
        #expect(h.dialog()?.isOpen == false)
        #expect(h.reject(5100, H.send("m4", by: .user("u2"))) == .notVisible)
    }

    /// "the send is accepted but stored as a failed message with the reason `bot_blocked` (…
    /// never restarts the auto-close timer, never makes its sender responsible)".
    @Test func writesAfterTheContactBlockedTheBotAreStoredFailed() {
        var h = H.world()
        h.accept(1, H.settings(ChatSettingsPatch(firstResponderTakesDialog: true)))
        h.receive(10, message: "m1")
        h.accept(20, .contactBlockedBot(dialog: "d1"))
        let facts = h.accept(30, H.send("m2", by: .user("u1")))
        let stored = facts.compactMap { if case .messageStored(let message) = $0 { message } else { nil } }
        #expect(stored.first?.status == .failed)
        #expect(stored.first?.failureReason == "bot_blocked")
        #expect(h.dialog()?.responsible == Responsible.none)
        #expect(h.dialog()?.lastActivityAt == H.time(10))
    }

    /// A `bot_blocked` send never reached the customer: a later `message.status` for it (say
    /// `delivered`) is `invalid_event` naming `message`, so it can never turn into a reply.
    /// Statuses of ordinary sends, failed ones included, are still accepted.
    @Test func statusOfASendStoredBlockedIsRejectedItsStatusIsFinal() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, .contactBlockedBot(dialog: "d1"))
        h.accept(30, H.send("m2", by: .user("u1")))
        let outcome = h.apply(40, .messageStatus(message: "m2", status: .delivered, error: nil))
        #expect(outcome.rejection?.code == .invalidEvent)
        #expect(outcome.rejection?.message.hasPrefix(#"field "message": "#) == true)
        #expect(h.reject(41, .messageStatus(message: "m2", status: .failed, error: "retry")) == .invalidEvent)
        #expect(h.state.messages["m2"]?.status == .failed)
        h.receive(50, message: "m3")
        h.accept(60, H.send("m4", by: .user("u1")))
        h.accept(70, .messageStatus(message: "m4", status: .failed, error: "network"))
        h.accept(80, .messageStatus(message: "m4", status: .delivered, error: nil))
        #expect(h.state.messages["m4"]?.status == .delivered)
    }

    // MARK: 7. Closing a closed dialog

    /// Not in the spec; a CRM has no "close" on a closed dialog, and a re-sent or late close
    /// must not add a second close by a user after an automatic one (it would count as a
    /// resolution by that user). Accepted, nothing stored.
    @Test func closingAClosedDialogIsAcceptedAndChangesNothing() {
        var h = H.world()
        h.receive(10, message: "m1")
        let first = h.accept(20, .dialogClosed(dialog: "d1", by: .user("u1")))
        #expect(first == [.dialogClosed(dialog: "d1", cause: .actor(.user("u1")))])
        #expect(h.accept(30, .dialogClosed(dialog: "d1", by: .user("a"))).isEmpty)
        #expect(h.dialog()?.closedAt == H.time(20))
        // Permissions are still checked first.
        h.accept(40, H.assign(to: .user("u1"), by: .user("a")))
        #expect(h.reject(50, .dialogClosed(dialog: "d1", by: .user("u2"))) == .notVisible)
    }
}

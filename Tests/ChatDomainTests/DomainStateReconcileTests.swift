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

import Testing

@testable import ChatDomain

@Suite struct DomainStateAutoCloseTests {
    typealias H = DomainHarness

    /// A world with a one-hour auto-close for assigned dialogs and `u1` as the only default responsible.
    static func hourly() -> DomainHarness {
        var h = H.world()
        h.accept(1, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(3600), defaultResponsible: ["u1"])))
        return h
    }

    func stamped(_ outcome: Outcome) -> [(Int64, Fact)] { outcome.facts.map { ($0.at, $0.fact) } }

    @Test func assignedDialogClosesAtLastMessagePlusConfiguredTime() {
        var h = Self.hourly()
        let opened = h.receive(100, message: "m1")
        #expect(
            opened.contains(
                .assigned(dialog: "d1", from: .none, to: .user("u1"), by: .system, reason: .defaultResponsible)
            )
        )
        h.accept(200, H.send("m2", by: .user("u1")))
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(3800))
        #expect(h.apply(3799, .clockTick).facts.isEmpty)
        let tick = h.apply(5000, .clockTick)
        #expect(
            tick.facts == [
                StoredFact(seq: h.seq, at: H.time(3800), fact: .dialogClosed(dialog: "d1", cause: .assignedTimeout))
            ]
        )
        #expect(h.dialog()?.isOpen == false)
        #expect(h.dialog()?.closedAt == H.time(3800))
        #expect(h.state.clock == H.time(5000))
    }

    @Test func unassignedDialogClosesAfterThirtyDays() {
        var h = Self.hourly()
        h.accept(2, H.settings(ChatSettingsPatch(defaultResponsible: [])))
        h.receive(100, message: "m1")
        let thirtyDays = 30 * H.day
        #expect(h.apply(100 + thirtyDays - 1, .clockTick).facts.isEmpty)
        let facts = h.apply(100 + thirtyDays, .clockTick).facts
        #expect(facts.map(\.fact) == [.dialogClosed(dialog: "d1", cause: .inactivity)])
        #expect(facts.first?.at == H.time(100 + thirtyDays))
    }

    @Test func botHeldDialogFollowsTheThirtyDayRule() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        h.accept(200, H.assign(to: .bot("b1"), by: .system))
        #expect(h.apply(10_000, .clockTick).facts.isEmpty)
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(100 + 30 * H.day))
    }

    @Test func replyExactlyAtDeadlineComesAfterClose() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        let outcome = h.apply(3700, H.send("m2", by: .user("u1")))
        let facts = outcome.facts.map(\.fact)
        #expect(facts.first == .dialogClosed(dialog: "d1", cause: .assignedTimeout))
        #expect(outcome.facts.first?.at == H.time(3700))
        #expect(h.dialog()?.isOpen == false)  // a user writing into a closed dialog does not reopen it
    }

    @Test func customerMessageExactlyAtDeadlineReopensAfterTheClose() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        let facts = h.receive(3700, message: "m2")
        #expect(
            facts.prefix(2) == [
                .dialogClosed(dialog: "d1", cause: .assignedTimeout), .dialogReopened(dialog: "d1", message: "m2"),
            ]
        )
        #expect(h.dialog()?.isOpen == true)
        #expect(h.dialog()?.responsible == .user("u1"))
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(7300))
        #expect(h.state.hasArmedTimer("d1"))
    }

    /// Issue 15, defect 1: u1 holds d1 (auto-close one hour); m1 at 100 sets the deadline at
    /// 3700. The customer writes m2 at 5000: that event materialises the close at 3700 and
    /// reopens the dialog (both facts share its seq). Nobody answers: the dialog must close
    /// again at 5000 + 3600 = 8600, not stay open for weeks.
    @Test func reopenMaterialisedWithItsCloseInOneEventArmsANewDeadline() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        let reopen = h.apply(5000, H.received("m2", text: "again"))
        #expect(stamped(reopen).map { $0.0 }.prefix(2) == [H.time(3700), H.time(5000)])
        #expect(
            reopen.facts.prefix(2).map(\.fact) == [
                .dialogClosed(dialog: "d1", cause: .assignedTimeout), .dialogReopened(dialog: "d1", message: "m2"),
            ]
        )
        #expect(reopen.facts.allSatisfy { $0.seq == h.seq })
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(8600))
        #expect(h.state.hasArmedTimer("d1"))
        #expect(h.apply(8599, .clockTick).facts.isEmpty)
        let tick = h.apply(20 * H.day, .clockTick)
        #expect(
            tick.facts == [
                StoredFact(seq: h.seq, at: H.time(8600), fact: .dialogClosed(dialog: "d1", cause: .assignedTimeout))
            ]
        )
    }

    @Test func rejectedEventDoesNotMoveTime() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        // Far past the deadline, but rejected: no close, no clock move.
        #expect(h.reject(99_999, H.send("m2", by: .user("nc"))) == .noChatAccess)
        #expect(h.dialog()?.isOpen == true)
        #expect(h.state.clock == H.time(100))
        // The close is materialised by the next accepted event, with the deadline as its time.
        let outcome = h.apply(5000, .clockTick)
        #expect(outcome.facts.map(\.at) == [H.time(3700)])
    }

    @Test func systemAssignmentsAndStatusesDoNotRestartTimers() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        h.accept(1000, H.assign(to: .user("u2"), by: .system))
        h.accept(2000, .messageStatus(message: "m1", status: .read, error: nil))
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(3700))
    }

    @Test func settingInEffectAtCheckIsUsed() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        h.accept(200, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(7200))))
        #expect(h.apply(3700, .clockTick).facts.isEmpty)
        #expect(h.apply(7300, .clockTick).facts.map(\.fact) == [.dialogClosed(dialog: "d1", cause: .assignedTimeout)])
    }

    /// SPEC §1: closed "at (last such message + that time)",
    /// with the setting in effect at the instant checked. The message at 100 and a shorter time
    /// (600 s) from 2000: last message + 600 = 700 lies before the setting existed, so the close
    /// is stamped 2000, when the setting made it due (a later setting never rewrites what was
    /// true before it: DECISIONS, auto-close).
    @Test func shorterTimeClosesWhenItTookEffectNotInThePast() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        // The settings event is checked under the old hour (deadline 3700): nothing closes yet.
        #expect(h.apply(2000, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(600)))).facts.count == 1)
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(2000))
        let tick = h.apply(2500, .clockTick)
        #expect(tick.facts.map(\.fact) == [.dialogClosed(dialog: "d1", cause: .assignedTimeout)])
        #expect(tick.facts.map(\.at) == [H.time(2000)])
    }

    /// A shorter time whose deadline is still ahead closes at last message + that time.
    @Test func shorterTimeStillAheadClosesAtLastMessagePlusIt() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        h.accept(200, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(600))))
        let tick = h.apply(2500, .clockTick)
        #expect(tick.facts.map(\.at) == [H.time(700)])
    }

    /// DECISIONS (a): a manager taking an unassigned dialog whose last message is older than the
    /// assigned auto-close time: the dialog is due from the assignment, and closes at 10 000,
    /// not at last message + that time (3700), when it was still unassigned.
    @Test func takingAnOldUnassignedDialogClosesItAtTheAssignment() {
        var h = Self.hourly()
        h.accept(2, H.settings(ChatSettingsPatch(defaultResponsible: [])))
        h.receive(100, message: "m1")
        #expect(h.apply(10_000, .clockTick).facts.isEmpty)
        h.accept(10_000, H.assign(to: .user("u1"), by: .user("u1")))
        let tick = h.apply(10_001, .clockTick)
        #expect(tick.facts.map(\.fact) == [.dialogClosed(dialog: "d1", cause: .assignedTimeout)])
        #expect(tick.facts.map(\.at) == [H.time(10_000)])
    }

    /// Never before the reopen of the period it ends. Ten hours' auto-close, 600 s from 30 100:
    /// m1 at 100 is due from the setting, and a tick at 40 000 closes it at 30 100. A late
    /// message stamped 30 000 reopens at 30 100 (the close it follows) and is the last activity:
    /// last activity + 600 = 30 600 lies after that reopen, and the close is stamped there.
    /// With a late message at 20 000, 20 600 would lie before it: stamped at 30 100.
    @Test func automaticCloseIsNeverBeforeTheReopenOfThePeriodItEnds() {
        var h = H.world()
        h.accept(1, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(36_000), defaultResponsible: ["u1"])))
        h.receive(100, message: "m1")
        h.accept(30_100, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(600))))
        #expect(h.apply(40_000, .clockTick).facts.map(\.at) == [H.time(30_100)])
        let late = h.apply(20_000, H.received("m2", text: "x"))
        #expect(stamped(late).first.map { $0.0 } == H.time(30_100))
        #expect(h.dialog()?.isOpen == true)
        #expect(h.dialog()?.closedAt == H.time(30_100))
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(30_100))
        let tick = h.apply(40_020, .clockTick)
        #expect(tick.facts.map(\.fact) == [.dialogClosed(dialog: "d1", cause: .assignedTimeout)])
        #expect(tick.facts.map(\.at) == [H.time(30_100)])
    }

    @Test func lateEventsKeepTheirTimeAndDoNotMoveTheClock() {
        var h = Self.hourly()
        h.receive(1000, message: "m1")
        let late = h.apply(500, H.received("m2", dialog: "d2", contact: "k2", text: "x"))
        #expect(h.state.clock == H.time(1000))
        #expect(late.facts.allSatisfy { $0.at == H.time(500) })
        #expect(h.dialog("d2")?.openedAt == H.time(500))
    }

    @Test func closesAreMaterialisedInDeadlineOrderAcrossBothRules() {
        var h = Self.hourly()
        h.accept(2, H.settings(ChatSettingsPatch(defaultResponsible: [])))
        h.receive(100, dialog: "idle", message: "m1")
        h.receive(200, dialog: "mine", message: "m2", contact: "k2")
        h.accept(300, H.assign("mine", to: .user("u1"), by: .user("a")))
        let facts = h.apply(40 * H.day, .clockTick).facts
        #expect(
            facts.map(\.fact) == [
                .dialogClosed(dialog: "mine", cause: .assignedTimeout),
                .dialogClosed(dialog: "idle", cause: .inactivity),
            ]
        )
        #expect(facts.map(\.at) == [H.time(3800), H.time(100 + 30 * H.day)])
    }

    /// Issue 15, defect 2 (SPEC §1; the seed: "Automatic closing works only if the dialog is
    /// assigned to the manager"): with no `auto_close_assigned_s`, a dialog held by a user is
    /// never closed automatically, however long it waits; once unassigned it falls under the
    /// 30-day rule from that instant.
    @Test func withoutAConfiguredTimeDialogsHeldByAUserNeverCloseAutomatically() {
        var h = H.world()
        h.receive(100, message: "m1")
        h.accept(200, H.assign(to: .user("u1"), by: .user("a")))
        #expect(h.state.autoCloseDeadline(of: "d1") == nil)
        #expect(h.apply(400 * H.day, .clockTick).facts.isEmpty)
        #expect(h.dialog()?.isOpen == true)
        // Unassigned at day 400: 30 days from its last message lie far behind; closes at the unassignment.
        h.accept(400 * H.day, H.assign(to: .none, by: .user("a")))
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(400 * H.day))
        let tick = h.apply(400 * H.day + 1, .clockTick)
        #expect(
            tick.facts == [
                StoredFact(seq: h.seq, at: H.time(400 * H.day), fact: .dialogClosed(dialog: "d1", cause: .inactivity))
            ]
        )
    }

    /// A time set later applies to dialogs held by a user from the instant it is set.
    @Test func aTimeSetLaterClosesUserHeldDialogsFromThatInstant() {
        var h = H.world()
        h.receive(100, message: "m1")
        h.accept(200, H.assign(to: .user("u1"), by: .user("a")))
        h.accept(50 * H.day, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(3600))))
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(50 * H.day))
        let tick = h.apply(50 * H.day + 5, .clockTick)
        #expect(tick.facts.map(\.at) == [H.time(50 * H.day)])
        #expect(tick.facts.map(\.fact) == [.dialogClosed(dialog: "d1", cause: .assignedTimeout)])
    }

    /// Switching the time off (`null`) stops closing dialogs held by a user.
    @Test func switchingTheTimeOffKeepsUserHeldDialogsOpen() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        h.accept(200, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(nil))))
        #expect(h.apply(100 * H.day, .clockTick).facts.isEmpty)
        #expect(h.dialog()?.isOpen == true)
    }

    @Test func manyDialogsCloseThroughTheHeapWithoutScanning() {
        var h = Self.hourly()
        for index in 0..<200 {
            h.receive(
                Int64(100 + index),
                dialog: DialogID("d\(index)"),
                message: MessageID("m\(index)"),
                contact: ContactID("k\(index)")
            )
        }
        // Activity on every other dialog pushes its deadline later.
        for index in stride(from: 0, to: 200, by: 2) {
            h.accept(1000, H.send(MessageID("r\(index)"), in: DialogID("d\(index)"), by: .user("u1")))
        }
        let first = h.apply(3900, .clockTick).facts
        #expect(first.count == 100)
        #expect(first.map(\.at) == first.map(\.at).sorted())
        let second = h.apply(4600, .clockTick).facts
        #expect(second.count == 100)
        #expect(second.allSatisfy { $0.at == H.time(4600) })
    }

    @Test func lateCustomerMessageReopensAtTheCloseInstantNotBefore() {
        var h = Self.hourly()
        h.receive(100, message: "m1")
        h.accept(5000, .clockTick)
        let late = h.apply(3000, H.received("m2", text: "x"))
        #expect(late.facts.map(\.fact).first == .dialogReopened(dialog: "d1", message: "m2"))
        #expect(late.facts.map(\.at) == [H.time(3700), H.time(3000)])
        #expect(h.state.clock == H.time(5000))
    }

    @Test func decodingFromSlicesAndSubstringsWorks() throws {
        let text = #"x{"id":"e1","type":"clock.tick","at":"2026-01-05T10:00:00Z"}"#
        let bytes = Array(text.utf8)
        #expect(try EventDecoder().decode(bytes[1...]).get().id == "e1")
        #expect(try EventDecoder().decode(text.dropFirst().utf8).get().id == "e1")
    }
}

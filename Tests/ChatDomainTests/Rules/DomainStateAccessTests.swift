import Testing

@testable import ChatDomain

@Suite struct DomainStateAccessTests {
    typealias H = DomainHarness

    @Test func userWithoutChatAccessOrInactiveCannotActInChats() {
        var h = H.world()
        h.receive(10, message: "m1")
        #expect(h.reject(20, H.send("m2", by: .user("nc"))) == .noChatAccess)
        #expect(h.reject(20, H.send("m2", by: .user("off"))) == .noChatAccess)
        #expect(h.state.messages["m2"] == nil)
        let facts = h.accept(20, H.send("m2", by: .user("u1")))
        #expect(facts.contains { if case .messageStored(let m) = $0 { m.message == "m2" } else { false } })
    }

    @Test func adminWithoutChatAccessFlagStillActs() {
        var h = H.world()
        h.user("boss", chatAccess: false, admin: true)
        h.receive(10, message: "m1")
        h.accept(20, H.send("m2", by: .user("boss")))
    }

    @Test func managerActsOnlyOnOwnAndUnassignedDialogs() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, H.send("m2", by: .user("u2")))  // unassigned: visible to all
        h.accept(30, H.assign(to: .user("u1"), by: .user("a")))
        #expect(h.reject(40, H.send("m3", by: .user("u2"))) == .notVisible)
        #expect(h.reject(40, .dialogClosed(dialog: "d1", by: .user("u2"))) == .notVisible)
        h.accept(40, H.send("m3", by: .user("u1")))
        h.accept(50, H.send("m4", by: .user("ca")))  // chat admins write anywhere
        #expect(h.state.isVisible("d1", to: "u1"))
        #expect(!h.state.isVisible("d1", to: "u2"))
    }

    @Test func onlyAdminsChatAdminsAndTheResponsibleMayReassign() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, H.assign(to: .user("u1"), by: .user("ca")))
        #expect(h.reject(30, H.assign(to: .user("u2"), by: .user("u2"))) == .notAllowedToReassign)
        #expect(h.dialog()?.responsible == .user("u1"))
        let facts = h.accept(30, H.assign(to: .user("u2"), by: .user("u1")))
        #expect(
            facts == [.assigned(dialog: "d1", from: .user("u1"), to: .user("u2"), by: .user("u1"), reason: .explicit)]
        )
        #expect(!h.state.isVisible("d1", to: "u1"))
    }

    @Test func managerMayTakeAnUnassignedDialogButNotGiveItAway() {
        var h = H.world()
        h.receive(10, message: "m1")
        #expect(h.reject(20, H.assign(to: .user("u2"), by: .user("u1"))) == .notAllowedToReassign)
        h.accept(20, H.assign(to: .user("u1"), by: .user("u1")))
    }

    @Test func reassigningAClosedDialogKeepsItClosed() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, .dialogClosed(dialog: "d1", by: .user("u1")))
        h.accept(30, H.assign(to: .bot("b1"), by: .user("a")))
        #expect(h.dialog()?.isOpen == false)
        #expect(h.dialog()?.responsible == .bot("b1"))
    }

    @Test func previousResponsibleCannotWriteAfterReassignment() {
        var h = H.world()
        h.receive(10, message: "m1")
        h.accept(20, H.assign(to: .user("u1"), by: .user("a")))
        h.accept(30, .dialogClosed(dialog: "d1", by: .user("u1")))
        // Responsible writes into its closed dialog: accepted, the dialog stays closed.
        h.accept(40, H.send("m2", by: .user("u1")))
        #expect(h.dialog()?.isOpen == false)
        h.accept(50, H.assign(to: .bot("b1"), by: .user("a")))
        #expect(h.reject(60, H.send("m3", by: .user("u1"))) == .dialogReassigned)
        #expect(h.reject(60, H.send("m3", by: .user("u2"))) == .notVisible)
        // Customer writes: reopened, responsible stays.
        let facts = h.receive(70, message: "m4")
        #expect(facts.contains(.dialogReopened(dialog: "d1", message: "m4")))
        #expect(h.dialog()?.isOpen == true)
        #expect(h.dialog()?.responsible == .bot("b1"))
    }

    @Test func dialogCannotBeInitiatedWithAContactThatNeverWrote() {
        var h = H.world()
        #expect(h.reject(10, H.send("m1", in: "d9", by: .user("a"))) == .cannotInitiate)
        h.receive(20, dialog: "d9", message: "m0")
        h.accept(30, H.send("m1", in: "d9", by: .user("a")))
    }

    @Test func anotherContactWritingIntoTheDialogIsACustomerMessageOfIt() {
        var h = H.world()
        h.receive(10, message: "m1", contact: "k1")
        let facts = h.receive(20, message: "m2", contact: "k2")
        #expect(h.dialog()?.contact == "k1")
        #expect(h.state.messages["m2"] == MessageState(dialog: "d1", sender: .customer, status: .delivered))
        #expect(facts.contains(.contactUpserted(ContactState(channel: "tg", contact: "k2"))))
        #expect(h.dialog()?.unreadCount == 2)
    }

    @Test func textLimitIsTwoThousandCharactersNotCountingWhiteSpace() {
        var h = H.world()
        h.receive(10, message: "m1")
        let fits = String(repeating: "ab ", count: 1000)  // 2000 letters, 1000 spaces
        h.accept(20, H.send("m2", by: .user("u1"), text: fits))
        let tooLong = fits + "c"
        #expect(h.reject(30, H.send("m3", by: .user("u1"), text: tooLong)) == .messageTooLong)
        #expect(h.reject(30, .messageEdited(message: "m2", text: tooLong)) == .messageTooLong)
    }

    @Test func attachmentsOfOneMessageAreLimitedToTwentyMegabytes() {
        var h = H.world()
        h.receive(10, message: "m1")
        let half = MessageAttachment(name: "a", size: 10_485_760, mime: "image/png")
        h.accept(20, H.send("m2", by: .user("u1"), text: nil, attachments: [half, half]))
        let over = MessageAttachment(name: "b", size: 1, mime: "text/plain")
        #expect(h.reject(30, H.send("m3", by: .user("u1"), attachments: [half, half, over])) == .attachmentsTooLarge)
    }

    @Test func timeLimitsMustBeMultiplesOfThirtyWithWarningBelowProcessing() {
        var h = H.world()
        let facts = h.accept(10, .timeLimits(by: .user("a"), channel: "tg", warningSeconds: 60, processingSeconds: 120))
        #expect(
            facts == [
                .timeLimitSet(
                    TimeLimitSetting(
                        channel: "tg",
                        warningSeconds: 60,
                        processingSeconds: 120,
                        effectiveAt: H.time(10),
                        seq: h.seq
                    ),
                    by: .user("a")
                )
            ]
        )
        #expect(
            h.reject(20, .timeLimits(by: .user("a"), channel: nil, warningSeconds: 60, processingSeconds: nil))
                == .invalidTimeLimit
        )
        #expect(
            h.reject(20, .timeLimits(by: .user("a"), channel: nil, warningSeconds: nil, processingSeconds: 45))
                == .invalidTimeLimit
        )
        #expect(
            h.reject(20, .timeLimits(by: .user("a"), channel: nil, warningSeconds: nil, processingSeconds: 0))
                == .invalidTimeLimit
        )
        #expect(
            h.reject(20, .timeLimits(by: .user("a"), channel: nil, warningSeconds: 120, processingSeconds: 120))
                == .invalidTimeLimit
        )
        #expect(h.state.timeLimitHistory.count == 1)
        #expect(h.state.timeLimit(for: "wa", at: H.time(30)) == nil)
        h.accept(40, .timeLimits(by: .user("ca"), channel: nil, warningSeconds: nil, processingSeconds: 300))
        #expect(h.state.timeLimit(for: "wa", at: H.time(40))?.processingSeconds == 300)
        #expect(h.state.timeLimit(for: "tg", at: H.time(40))?.processingSeconds == 120)
    }

    @Test func onlyAdminsAndChatAdminsChangeSettings() {
        var h = H.world()
        #expect(
            h.reject(10, .timeLimits(by: .user("u1"), channel: nil, warningSeconds: nil, processingSeconds: 60))
                == .notChatAdmin
        )
        #expect(
            h.reject(10, .timeLimits(by: .bot("b1"), channel: nil, warningSeconds: nil, processingSeconds: 60))
                == .notChatAdmin
        )
        #expect(
            h.reject(10, H.settings(by: .user("u1"), ChatSettingsPatch(firstResponderTakesDialog: true)))
                == .notChatAdmin
        )
        #expect(
            h.reject(
                10,
                .quickReplyUpserted(quickReply: "q1", by: .user("u1"), command: "/hi", text: "Hi", category: nil)
            )
                == .notChatAdmin
        )
        h.accept(10, .quickReplyUpserted(quickReply: "q1", by: .user("ca"), command: "/hi", text: "Hi", category: nil))
    }

    @Test func quickReplyTextIsLimitedIncludingSpacesAndCommandsAreUnique() {
        var h = H.world()
        let fits = String(repeating: "a ", count: 1000)
        h.accept(10, .quickReplyUpserted(quickReply: "q1", by: .user("ca"), command: "/a", text: fits, category: "x"))
        #expect(
            h.reject(
                20,
                .quickReplyUpserted(quickReply: "q2", by: .user("ca"), command: "/b", text: fits + "b", category: nil)
            )
                == .quickReplyTooLong
        )
        #expect(
            h.reject(
                20,
                .quickReplyUpserted(quickReply: "q2", by: .user("ca"), command: "/a", text: "x", category: nil)
            )
                == .invalidEvent
        )
        // Editing a quick reply keeps its own command.
        h.accept(30, .quickReplyUpserted(quickReply: "q1", by: .user("a"), command: "/a", text: "short", category: nil))
        #expect(h.state.quickReplies["q1"]?.text == "short")
    }

    @Test func chatSettingsNeedEveryChannelMappedToAStore() {
        var h = H.world()
        h.accept(5, .channelUpserted(channel: "vb", name: "Viber", kind: .viber, store: nil))
        let rejected = h.apply(10, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(3600))))
        #expect(rejected.rejection?.code == .storeMappingIncomplete)
        #expect(rejected.rejection?.message.contains("\"vb\"") == true)
        h.accept(20, .channelUpserted(channel: "vb", name: "Viber", kind: .viber, store: "s1"))
        h.accept(30, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(3600))))
        h.accept(40, H.settings(ChatSettingsPatch(firstResponderTakesDialog: true)))
        // Partial update: the auto-close time set before is kept.
        #expect(h.state.settings.autoCloseAssignedSeconds == 3600)
        #expect(h.state.settings.firstResponderTakesDialog)
        #expect(h.state.chatSettingsHistory.count == 2)
        #expect(h.state.chatSettingsHistory.last?.effectiveAt == H.time(40))
    }

    @Test func referencesToUnknownEntitiesAreInvalidEvents() {
        var h = H.world()
        let outcome = h.apply(10, H.assign("nope", to: .user("u1"), by: .user("a")))
        #expect(
            outcome.rejection
                == Rejection(.invalidEvent, #"field "dialog": unknown dialog "nope""#, eventID: "e\(h.seq)")
        )
        #expect(h.reject(10, .messageStatus(message: "zz", status: .read, error: nil)) == .invalidEvent)
        #expect(
            h.reject(
                10,
                H.received("m", contact: "k", channel: "xx", text: "a")
            ) == .invalidEvent
        )
        h.receive(20, message: "m1")
        #expect(
            h.reject(
                30,
                H.received("m1", contact: "k", text: "a")
            ) == .invalidEvent
        )
    }

    @Test func sameIdWithOtherContentIsAConflictingDuplicate() throws {
        let decoder = EventDecoder()
        var ledger = EventLedger()
        let first = try decoder.decode(#"{"id":"e1","type":"clock.tick","at":"2026-01-05T10:00:00Z"}"#).get()
        let resent = try decoder.decode(#"{ "at":"2026-01-05T12:00:00+02:00", "type":"clock.tick", "id":"e1" }"#).get()
        let other = try decoder.decode(#"{"id":"e1","type":"clock.tick","at":"2026-01-05T10:00:01Z"}"#).get()
        #expect(ledger.admit(first) == .new)
        #expect(ledger.admit(resent) == .duplicate)
        guard case .conflict(let rejection) = ledger.admit(other) else {
            Issue.record("expected a conflict")
            return
        }
        #expect(rejection.code == .conflictingDuplicate)
    }
}

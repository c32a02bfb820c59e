import EventGenerator
import Foundation
import Testing

@testable import ChatDomain

/// Issue 15: a property of the auto-close rule on generated streams, checked after every
/// accepted event: a dialog held by a user, with an auto-close time in effect, has a deadline
/// and a timer armed for it; any other open customer dialog has the 30-day deadline and its
/// timer; and no dialog stays open past its deadline: one due at the clock (made due by the
/// event itself, an assignment or a setting applying from its instant) is closed at that
/// deadline by the next accepted event, whatever its instant.
@Suite struct AutoClosePropertyTests {
    struct Violations {
        var count = 0
        var first: [String] = []
        var autoClosesOfUserHeldDialogs = 0
        var reopensMaterialisedWithTheirClose = 0

        mutating func record(_ text: String) {
            count += 1
            if first.count < 6 { first.append(text) }
        }
    }

    /// Runs `lines` through decoder, ledger and domain, checking the property after each event.
    static func check(_ lines: [String]) -> Violations {
        let decoder = EventDecoder()
        var ledger = EventLedger()
        var events: [EventEnvelope] = []
        for line in lines {
            guard case .success(let event) = decoder.decode(line), case .new = ledger.admit(event) else { continue }
            events.append(event)
        }
        return check(events)
    }

    /// Applies `events` in order, checking the property after each accepted one.
    static func check(_ events: [EventEnvelope]) -> Violations {
        var state = DomainState()
        var violations = Violations()
        var seq: Int64 = 0
        // Each dialog's responsible as the facts tell it, to see who held a dialog when it closed.
        var responsible: [DialogID: Responsible] = [:]
        // Dialogs the last event made due (an assignment or a setting applies from its instant):
        // the next accepted event must close each at its deadline, before its own facts.
        var due: [DialogID: Int64] = [:]
        for event in events {
            seq += 1
            let outcome = state.apply(event, seq: seq)
            guard case .accepted(let facts) = outcome else { continue }
            for (id, deadline) in due
            where !facts.contains(where: {
                if case .dialogClosed(id, .assignedTimeout) = $0.fact {
                    $0.at == deadline
                } else if case .dialogClosed(id, .inactivity) = $0.fact {
                    $0.at == deadline
                } else {
                    false
                }
            }) {
                violations.record("line \(seq) (\(event.id)): \(id) stayed open past its deadline")
            }
            due = [:]
            var closedHere: Set<DialogID> = []
            for fact in facts {
                switch fact.fact {
                case .assigned(let dialog, _, let to, _, _):
                    responsible[dialog] = to
                case .dialogClosed(let dialog, .inactivity):
                    closedHere.insert(dialog)
                    if responsible[dialog]?.user != nil {
                        violations.autoClosesOfUserHeldDialogs += 1
                        violations.record("line \(seq): \(dialog) held by a user closed by the 30-day rule")
                    }
                case .dialogClosed(let dialog, .assignedTimeout):
                    closedHere.insert(dialog)
                case .dialogReopened(let dialog, _) where closedHere.contains(dialog):
                    violations.reopensMaterialisedWithTheirClose += 1
                default: break
                }
            }
            let armed = state.armedTimerDialogs()
            let timeSet = state.settings.autoCloseAssignedSeconds != nil
            for (id, dialog) in state.dialogs where dialog.isOpen && dialog.kind == .customer {
                let deadline = state.autoCloseDeadline(of: id)
                if dialog.responsible.user != nil && !timeSet {
                    if deadline != nil { violations.record("line \(seq): \(id) held by a user has a deadline") }
                    continue
                }
                guard let deadline else {
                    violations.record("line \(seq): open dialog \(id) has no deadline")
                    continue
                }
                if deadline <= state.clock { due[id] = deadline }
                if !armed.contains(id) { violations.record("line \(seq) (\(event.id)): \(id) has no armed timer") }
            }
        }
        return violations
    }

    static func lines(seed: UInt64, dialogs: Int = 150, days: Int = 20) -> [String] {
        Array(EventGenerator(configuration: GeneratorConfiguration(dialogs: dialogs, days: days, seed: seed)).lines)
    }

    @Test(arguments: [UInt64(7), 2026, 31_337])
    func everyUserHeldDialogHasADeadlineAndNoneStaysOpenPastIt(seed: UInt64) {
        let violations = Self.check(Self.lines(seed: seed))
        #expect(violations.count == 0, "\(violations.count) violations: \(violations.first)")
    }

    /// Random streams (``RandomChatStream``): customers writing again long after a deadline,
    /// reassignments between users, bots and nobody, the auto-close time changed or switched
    /// off, late messages, ticks.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomStreamsKeepEveryDeadline(seed: UInt64) {
        var stream = RandomChatStream(seed: seed)
        let violations = Self.check(stream.events(count: 4000))
        #expect(violations.count == 0, "\(violations.count) violations: \(violations.first)")
        // The situation of defect 1 occurs in these streams: the property covers it.
        #expect(violations.reopensMaterialisedWithTheirClose > 0)
    }

    /// The same streams with `auto_close_assigned_s` left out of the settings: dialogs held by a
    /// user are never closed automatically, and the property holds for every other dialog.
    @Test(arguments: [UInt64(7), 2026])
    func withoutAnAutoCloseTimeUserHeldDialogsNeverCloseAutomatically(seed: UInt64) throws {
        let lines = try Self.lines(seed: seed).map { line -> String in
            guard line.contains(#""type":"settings.chats""#) else { return line }
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            object.removeValue(forKey: "auto_close_assigned_s")
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        #expect(violations(lines).count == 0)
        var state = DomainState()
        var seq: Int64 = 0
        var assignedCloses = 0
        for line in lines {
            guard case .success(let event) = EventDecoder().decode(line) else { continue }
            seq += 1
            for fact in state.apply(event, seq: seq).facts {
                if case .dialogClosed(_, .assignedTimeout) = fact.fact { assignedCloses += 1 }
            }
        }
        #expect(assignedCloses == 0)
        #expect(state.settings.autoCloseAssignedSeconds == nil)

        func violations(_ lines: [String]) -> Violations { Self.check(lines) }
    }
}

/// A deterministic random stream of chat events over a few dialogs, built as payloads: the
/// timing is drawn from seconds to weeks so that deadlines pass with and without events between.
struct RandomChatStream {
    var state: UInt64
    var clock: Int64 = 1_767_600_000 * 1_000_000
    var number = 0

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func envelope(_ payload: EventPayload, at: Int64? = nil) -> EventEnvelope {
        number += 1
        return EventEnvelope(id: "r\(number)", at: at ?? clock, payload: payload, canonicalJSON: "")
    }

    mutating func events(count: Int) -> [EventEnvelope] {
        let users: [UserID] = ["u1", "u2", "u3"]
        let dialogs = (0..<6).map { DialogID("d\($0)") }
        let times: [Int64?] = [600, 3600, 86_400, nil]
        var events: [EventEnvelope] = [
            envelope(.storeUpserted(store: "s1", name: "Main")),
            envelope(.channelUpserted(channel: "tg", name: "Telegram", kind: .telegram, store: "s1")),
            envelope(
                .userUpserted(user: "a", name: "Admin", chatAccess: true, admin: true, chatAdmin: false, active: true)
            ),
            envelope(.botUpserted(bot: "b1", name: "Bot")),
        ]
        for user in users {
            events.append(
                envelope(
                    .userUpserted(
                        user: user,
                        name: user.rawValue,
                        chatAccess: true,
                        admin: false,
                        chatAdmin: false,
                        active: true
                    )
                )
            )
        }
        events.append(
            envelope(
                .chatSettings(
                    by: .user("a"),
                    patch: ChatSettingsPatch(autoCloseAssignedSeconds: .some(3600), defaultResponsible: users)
                )
            )
        )
        var opened: Set<DialogID> = []
        for _ in 0..<count {
            // Gaps from a second to two weeks, mostly short.
            let gaps: [Int64] = [1, 30, 600, 3000, 3600, 7200, 86_400, 14 * 86_400, 40 * 86_400]
            clock += gaps[below(gaps.count)] * 1_000_000 / Int64(1 + below(3))
            let dialog = dialogs[below(dialogs.count)]
            let message = MessageID("m\(number)")
            let roll = below(100)
            let customerMessage = EventPayload.messageReceived(
                dialog: dialog,
                channel: "tg",
                contact: ContactID("k\(dialog.rawValue)"),
                message: message,
                text: "hi",
                attachments: [],
                quote: nil
            )
            if roll < 35 || !opened.contains(dialog) {
                opened.insert(dialog)
                events.append(envelope(customerMessage))
            } else if roll < 55 {
                events.append(
                    envelope(
                        .messageSent(
                            dialog: dialog,
                            message: message,
                            by: .user("a"),
                            text: "ok",
                            attachments: [],
                            quote: nil,
                            quickReply: nil
                        )
                    )
                )
            } else if roll < 70 {
                let targets: [Responsible] = [.user("u1"), .user("u2"), .bot("b1"), .none]
                events.append(
                    envelope(.dialogAssigned(dialog: dialog, to: targets[below(targets.count)], by: .user("a")))
                )
            } else if roll < 76 {
                events.append(envelope(.dialogClosed(dialog: dialog, by: .user("a"))))
            } else if roll < 82 {
                events.append(
                    envelope(
                        .chatSettings(
                            by: .user("a"),
                            patch: ChatSettingsPatch(autoCloseAssignedSeconds: .some(times[below(times.count)]))
                        )
                    )
                )
            } else if roll < 90 {
                // A late customer message, stamped up to two days before the clock.
                let late = clock - Int64(below(2 * 86_400)) * 1_000_000
                events.append(envelope(customerMessage, at: late))
            } else {
                events.append(envelope(.clockTick))
            }
        }
        return events
    }
}

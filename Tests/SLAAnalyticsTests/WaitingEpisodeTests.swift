import ChatDomain
import Testing

@testable import SLAAnalytics

/// Episodes and the SLA clock. Unless said otherwise: default limits warning 60 s, processing
/// 120 s; period 2026-03-02 UTC; `at(s)` is s seconds after 2026-03-02T00:00:00Z.
@Suite struct WaitingEpisodeTests {
    /// Customer writes at 0, 50, 100, 150; u1 replies at 200.
    /// - default policy: the clock restarts at each message; the longest gap is 50 s < 60 s, and
    ///   the last segment 150 → 200 is 50 s: no level.
    /// - first_unanswered: the clock runs from 0; warning at 60 < 200, overdue at 120 < 200.
    /// wait = 200 − 0 = 200.0 s either way.
    /// A mix of the histories below (distinct keys), for merge and order tests.
    static let everyDialog = [
        burst,
        dialog(2, [(at(0), customer), (at(80), customer), (at(100), customer), (at(130), reply(1))]),
        dialog(3, [(at(-10), assign(.user(1))), (at(0), customer), (at(30), assign(.user(2))), (at(150), reply(2))]),
        dialog(4, [(at(0), customer), (at(200), close(.user(1)))]),
        dialog(5, [(at(0), customer), (at(30), reply(1, failed: true)), (at(150), reply(1))]),
        dialog(
            6,
            [(at(0), customer), (at(20), reply(1)), (at(30), autoClose), (at(100), customer), (at(100), reopen)]
        ),
        dialog(7, privacy: .accepted(at: at(100)), [(at(0), customer), (at(30), customer), (at(150), reply(1))]),
        dialog(8, channel: 2, [(at(86_000), customer)]),
    ]

    static let burst = dialog(
        1,
        [(at(0), customer), (at(50), customer), (at(100), customer), (at(150), customer), (at(200), reply(1))]
    )

    @Test func burstWithShortGapsDoesNotBreachUnderDefaultPolicy() throws {
        let report = try Fixture().report([Self.burst])
        #expect(report.breaches.isEmpty)
        let row = try #require(report.channel("tg"))
        #expect(row.episodes == 1)
        #expect(row.answered == 1)
        #expect(row.replyMedian?.description == "200.0")
        #expect(row.reachedWarning == 0)
        #expect(row.warningRate?.description == "0.0000")
    }

    @Test func burstWithLongTotalWaitBreachesUnderFirstUnanswered() throws {
        var fixture = Fixture()
        fixture.usePolicy(.firstUnanswered)
        let report = try fixture.report([Self.burst])
        #expect(
            report.breaches.map(\.cells) == [
                [
                    "d1", "tg", "overdue", "2026-03-02T00:00:00+00:00", "2026-03-02T00:02:00+00:00",
                    "2026-03-02T00:03:20+00:00", "answered", "200.0", "unassigned",
                ]
            ]
        )
        let row = try #require(report.channel("tg"))
        #expect(row.reachedWarning == 1)
        #expect(row.reachedOverdue == 1)
        #expect(row.overdueRate?.description == "1.0000")
    }

    /// Customer at 0 and 50, reply at 200; warning 100, processing 300.
    /// - default: the clock restarts at 50, so warning crosses at 50 + 100 = 150 < 200.
    /// - first_unanswered: warning crosses at 0 + 100 = 100. Overdue (300) never: 200 < 300.
    @Test func crossingInstantDependsOnClockStartPolicy() throws {
        var fixture = Fixture()
        fixture.limits = [
            TimeLimitSetting(channel: nil, warningSeconds: 100, processingSeconds: 300, effectiveAt: 0, seq: 0)
        ]
        let history = dialog(1, [(at(0), customer), (at(50), customer), (at(200), reply(1))])
        let byDefault = try fixture.report([history])
        #expect(byDefault.breaches.map(\.crossedAt.description) == ["2026-03-02T00:02:30+00:00"])
        #expect(byDefault.breaches.map(\.level) == [.warning])
        fixture.usePolicy(.firstUnanswered)
        let fromFirst = try fixture.report([history])
        #expect(fromFirst.breaches.map(\.crossedAt.description) == ["2026-03-02T00:01:40+00:00"])
    }

    /// Customer at 0, 80, 100; reply at 130. The silence 0 → 80 exceeds warning (60): under the
    /// default policy warning crosses at 60 inside the burst; overdue restarts from 80 (→ 200)
    /// and from 100 (→ 220), both after 130: warning only. Under first_unanswered overdue
    /// crosses at 120 < 130.
    @Test func longSilenceInsideABurstReachesWarning() throws {
        let history = dialog(1, [(at(0), customer), (at(80), customer), (at(100), customer), (at(130), reply(1))])
        let byDefault = try Fixture().report([history])
        #expect(byDefault.breaches.count == 1)
        #expect(byDefault.breaches.first?.level == .warning)
        #expect(byDefault.breaches.first?.crossedAt.description == "2026-03-02T00:01:00+00:00")
        #expect(byDefault.breaches.first?.wait.description == "130.0")
        var fixture = Fixture()
        fixture.usePolicy(.firstUnanswered)
        let fromFirst = try fixture.report([history])
        #expect(fromFirst.breaches.first?.level == .overdue)
        #expect(fromFirst.breaches.first?.crossedAt.description == "2026-03-02T00:02:00+00:00")
    }

    /// A reply exactly 60 s after the customer's message is on time; 1 µs later is not, and
    /// the crossing is at 60 s exactly.
    @Test func replyExactlyAtLimitIsOnTime() throws {
        let onTime = try Fixture().report([dialog(1, [(at(0), customer), (at(60), reply(1))])])
        #expect(onTime.breaches.isEmpty)
        let late = try Fixture().report([dialog(1, [(at(0), customer), (at(60) + 1, reply(1))])])
        #expect(late.breaches.map(\.crossedAt.description) == ["2026-03-02T00:01:00+00:00"])
        #expect(late.breaches.map(\.endedAt?.description) == ["2026-03-02T00:01:00.000001+00:00"])
        #expect(late.breaches.map(\.wait.description) == ["60.0"])
    }

    /// A customer message exactly at the crossing instant restarts the clock first (the default
    /// policy): customer at 0 and 60, reply at 100 → no level (40 s since 60).
    @Test func customerMessageExactlyAtLimitRestartsTheClock() throws {
        let report = try Fixture().report([dialog(1, [(at(0), customer), (at(60), customer), (at(100), reply(1))])])
        #expect(report.breaches.isEmpty)
        #expect(report.channel("tg")?.replyMedian?.description == "100.0")
    }

    /// u1's failed message at 30 does not end the episode; its reply at 150 does: overdue at 120.
    /// Both messages count as sent.
    @Test func failedReplyDoesNotStopTheClock() throws {
        let report = try Fixture().report([
            dialog(1, [(at(0), customer), (at(30), reply(1, failed: true)), (at(150), reply(1))])
        ])
        #expect(report.breaches.map(\.level) == [.overdue])
        #expect(report.breaches.map(\.wait.description) == ["150.0"])
        let u1 = try #require(report.manager("u1"))
        #expect(u1.messagesSent == 2)
        #expect(u1.dialogsActive == 1)
        #expect(u1.episodesAnswered == 1)
        #expect(u1.replyMedian?.description == "150.0")
    }

    /// Bot replies at 30, u1 at 90. Policy off: the bot's reply does not count, the episode ends
    /// at 90 (warning crossed at 60). Policy on: it ends at 30, answered by the bot, no level,
    /// and no user answered it.
    @Test func botRepliesStopTheClockOnlyWhenThePolicySaysSo() throws {
        let history = dialog(1, [(at(0), customer), (at(30), botReply(1)), (at(90), reply(1))])
        let off = try Fixture().report([history])
        #expect(off.channel("tg")?.replyMedian?.description == "90.0")
        #expect(off.breaches.map(\.level) == [.warning])
        #expect(off.manager("u1")?.episodesAnswered == 1)

        var fixture = Fixture()
        fixture.usePolicy(.lastCustomerMessage, botsStopClock: true)
        let on = try fixture.report([history])
        #expect(on.channel("tg")?.replyMedian?.description == "30.0")
        #expect(on.breaches.isEmpty)
        #expect(on.manager("u1")?.episodesAnswered == 0)
        #expect(on.manager("u1")?.messagesSent == 1)
    }

    /// A failed bot message never qualifies, even with the policy on.
    @Test func failedBotReplyNeverQualifies() throws {
        var fixture = Fixture()
        fixture.usePolicy(.lastCustomerMessage, botsStopClock: true)
        let report = try fixture.report([dialog(1, [(at(0), customer), (at(30), botReply(1, failed: true))])])
        #expect(report.channel("tg")?.open == 1)
    }

    /// The policy in effect when the episode opened holds for the whole episode: turning bot
    /// replies on at 10 does not let the bot end an episode opened at 0.
    @Test func policyIsTakenWhenTheEpisodeOpens() throws {
        var fixture = Fixture()
        fixture.policies = [
            PolicySetting(clockStart: .lastCustomerMessage, botRepliesStopClock: true, effectiveAt: at(10), seq: 1)
        ]
        let report = try fixture.report([
            dialog(1, [(at(0), customer), (at(30), botReply(1)), (at(40), reply(1))])
        ])
        #expect(report.channel("tg")?.replyMedian?.description == "40.0")
    }

    /// u1 responsible from −10; reassigned to u2 at 30, back to u1 at 90; reply at 150.
    /// Warning crosses at 60 (u2 responsible), overdue at 120 (u1 responsible). The breach row
    /// keeps the highest level: overdue, attributed to u1. Reassignment does not reset the episode.
    @Test func crossingsAreAttributedToTheResponsibleAtThatInstant() throws {
        let report = try Fixture().report([
            dialog(
                1,
                [
                    (at(-10), assign(.user(1))), (at(0), customer), (at(30), assign(.user(2))),
                    (at(90), assign(.user(1))), (at(150), reply(2)),
                ]
            )
        ])
        #expect(report.breaches.map(\.responsibleAtCrossing) == ["u1"])
        #expect(report.breaches.map(\.level) == [.overdue])
        #expect(report.breaches.map(\.wait.description) == ["150.0"])
        let u1 = try #require(report.manager("u1"))
        let u2 = try #require(report.manager("u2"))
        #expect(u1.reachedWarning == 0)
        #expect(u1.reachedOverdue == 1)
        #expect(u2.reachedWarning == 1)
        #expect(u2.reachedOverdue == 0)
        // −10 is before the period: only the in-period assignments count.
        #expect(u1.becameResponsible == 1)
        #expect(u2.becameResponsible == 1)
        #expect(u1.reassignedAway == 1)
        #expect(u2.reassignedAway == 1)
        #expect(u2.episodesAnswered == 1)
    }

    /// An assignment stamped exactly at the crossing instant is applied before the crossing (as
    /// a reply there would be), so the new responsible takes it; a bot is written `bot:<id>`.
    @Test func assignmentAtTheCrossingInstantTakesTheBreach() throws {
        let report = try Fixture().report([
            dialog(1, [(at(0), customer), (at(60), assign(.bot(1))), (at(90), reply(1))])
        ])
        #expect(report.breaches.map(\.responsibleAtCrossing) == ["bot:b1"])
    }

    /// d1 is closed by the system actor at 200, d2 by the auto-close rule at 300: both episodes
    /// end closed_unanswered, only d2 counts in auto_closed, and neither is a resolution (closes
    /// "by a user or bot").
    @Test func aCloseByTheSystemActorIsNeitherAResolutionNorAutomatic() throws {
        let report = try Fixture().report([
            dialog(1, [(at(0), customer), (at(200), close(.system))]),
            dialog(2, [(at(0), customer), (at(300), autoClose)]),
        ])
        let row = try #require(report.channel("tg"))
        #expect(row.closedUnanswered == 2)
        #expect(row.autoClosed == 1)
        #expect(row.resolutionMedian == nil)
        #expect(report.breaches.map(\.cells[5]) == ["2026-03-02T00:03:20+00:00", "2026-03-02T00:05:00+00:00"])
    }

    /// Customer at 0, u1 closes at 200 without a reply: closed_unanswered, overdue at 120, ended
    /// at 200, wait 200.0; resolution 200.0; u1 closed one dialog.
    @Test func closeWithoutReplyEndsTheEpisodeUnanswered() throws {
        let report = try Fixture().report([dialog(1, [(at(0), customer), (at(200), close(.user(1)))])])
        let row = try #require(report.channel("tg"))
        #expect(row.closedUnanswered == 1)
        #expect(row.answered == 0)
        #expect(row.firstResponseMedian == nil)
        #expect(row.replyMedian == nil)
        #expect(row.resolutionMedian?.description == "200.0")
        #expect(row.autoClosed == 0)
        #expect(
            report.breaches.map(\.cells) == [
                [
                    "d1", "tg", "overdue", "2026-03-02T00:00:00+00:00", "2026-03-02T00:02:00+00:00",
                    "2026-03-02T00:03:20+00:00", "closed_unanswered", "200.0", "unassigned",
                ]
            ]
        )
        #expect(report.manager("u1")?.dialogsClosed == 1)
    }

    /// as_of = 100: the episode is open; warning at 60 ≤ as_of crossed, overdue at 120 not yet.
    /// ended_at is empty and wait_s is as_of − start = 100.0. With as_of = 120 exactly, overdue
    /// has crossed (an open episode has no later reply that could be on time).
    @Test func episodeOpenAtAsOf() throws {
        var fixture = Fixture()
        fixture.asOf = at(100)
        let history = dialog(1, [(at(0), customer)])
        let report = try fixture.report([history])
        #expect(report.channel("tg")?.open == 1)
        #expect(
            report.breaches.map(\.cells) == [
                [
                    "d1", "tg", "warning", "2026-03-02T00:00:00+00:00", "2026-03-02T00:01:00+00:00", "", "open",
                    "100.0", "unassigned",
                ]
            ]
        )
        fixture.asOf = at(120)
        #expect(try fixture.report([history]).breaches.map(\.level) == [.overdue])
    }

    /// With as_of = 100, the assignment at 105 and the reply at 110 do not exist for the report.
    @Test func factsAfterAsOfAreIgnored() throws {
        var fixture = Fixture()
        fixture.asOf = at(100)
        let report = try fixture.report([
            dialog(1, [(at(0), customer), (at(105), assign(.user(1))), (at(110), reply(1))])
        ])
        #expect(report.channel("tg")?.open == 1)
        #expect(report.channel("tg")?.answered == 0)
        #expect(report.breaches.map(\.responsibleAtCrossing) == ["unassigned"])
        #expect(report.manager("u1")?.messagesSent == 0)
        #expect(report.manager("u1")?.becameResponsible == 0)
    }

    /// A customer message at 50 stored after the reply at 100 (higher seq, listed last) still
    /// counts at its own instant: the clock restarts at 50 so no segment reaches 60 s; the wait
    /// is 100 − 0 = 100.0. Read in arrival order it would have crossed warning at 60.
    @Test func lateArrivingMessageCountsAtItsOwnInstant() throws {
        let history = DialogHistory(
            key: 1,
            sourceID: "d1",
            channel: 1,
            facts: [
                DialogFact(at: at(0), seq: 1, event: customer),
                DialogFact(at: at(100), seq: 2, event: reply(1)),
                DialogFact(at: at(50), seq: 3, event: customer),
            ]
        )
        let report = try Fixture().report([history])
        #expect(report.breaches.isEmpty)
        #expect(report.channel("tg")?.episodes == 1)
        #expect(report.channel("tg")?.replyMedian?.description == "100.0")
    }

    /// Without any limit in effect an episode reaches no level.
    @Test func noLimitMeansNoLevel() throws {
        var fixture = Fixture()
        fixture.limits = []
        let report = try fixture.report([dialog(1, [(at(0), customer), (at(10_000), reply(1))])])
        #expect(report.breaches.isEmpty)
        #expect(report.channel("tg")?.warningSeconds == nil)
        #expect(report.channel("tg")?.cells[16...] == ["", ""])
    }

    /// Warning unset: an overdue episode has no warning.
    @Test func overdueWithoutWarningLimitIsOverdueOnly() throws {
        var fixture = Fixture()
        fixture.limits = [
            TimeLimitSetting(channel: nil, warningSeconds: nil, processingSeconds: 120, effectiveAt: 0, seq: 0)
        ]
        let report = try fixture.report([dialog(1, [(at(0), customer), (at(200), reply(1))])])
        #expect(report.channel("tg")?.reachedWarning == 0)
        #expect(report.channel("tg")?.reachedOverdue == 1)
    }

    /// Internal and pending dialogs have no episodes; an accepted one waits from acceptance:
    /// customer at 0 and 30, accepted at 100, reply at 150 → one episode from 100, wait 50.0,
    /// no level; the dialog opens at 100.
    @Test func privacyGateAndInternalDialogs() throws {
        var internalChat = dialog(1, [(at(0), customer), (at(500), reply(1))])
        internalChat.kind = .internalChat
        let pending = dialog(2, privacy: .pending, [(at(0), customer)])
        let accepted = dialog(
            3,
            privacy: .accepted(at: at(100)),
            [(at(0), customer), (at(30), customer), (at(150), reply(1))]
        )
        let report = try Fixture().report([internalChat, pending, accepted])
        let row = try #require(report.channel("tg"))
        #expect(row.dialogs == 1)
        #expect(row.episodes == 1)
        #expect(row.firstResponseMedian?.description == "50.0")
        #expect(report.breaches.isEmpty)
        #expect(report.manager("u1")?.messagesSent == 1)
    }

    /// Closed while pending. d1: customer at 0, closed by the system at 10, accepted at 100:
    /// still closed at acceptance, no episode, no opening. d2: customer at 0, auto-closed at 10,
    /// the customer writes at 20 (reopening it), accepted at 100, u1 replies at 150: one episode
    /// from 100, wait 50.0; the dialog opens at 100.
    @Test func aDialogClosedWhilePendingWaitsOnlyWithMessagesAfterTheClose() throws {
        let report = try Fixture().report([
            dialog(1, privacy: .accepted(at: at(100)), [(at(0), customer), (at(10), close(.system))]),
            dialog(
                2,
                privacy: .accepted(at: at(100)),
                [(at(0), customer), (at(10), autoClose), (at(20), customer), (at(20), reopen), (at(150), reply(1))]
            ),
        ])
        let row = try #require(report.channel("tg"))
        #expect(row.dialogs == 1)
        #expect(row.episodes == 1)
        #expect(row.open == 0)
        #expect(row.autoClosed == 0)
        #expect(row.firstResponseMedian?.description == "50.0")
    }

    /// A customer message after a close reopens the dialog and opens a new episode; first
    /// response is the first episode only; reply times are every answered episode.
    /// Episode 1: 0 → 20 (20 s). Close at 30. Episode 2: 100 → 190 (90 s, warning at 160).
    @Test func reopenedDialogHasASecondEpisode() throws {
        let report = try Fixture().report([
            dialog(
                1,
                [
                    (at(0), customer), (at(20), reply(1)), (at(30), autoClose), (at(100), customer),
                    (at(100), reopen), (at(190), reply(1)),
                ]
            )
        ])
        let row = try #require(report.channel("tg"))
        #expect(row.dialogs == 1)
        #expect(row.episodes == 2)
        #expect(row.firstResponseMedian?.description == "20.0")
        // percentile_cont(0.5) of [20, 90] = 55; p90 = 20 + 0.9 × 70 = 83.
        #expect(row.replyMedian?.description == "55.0")
        #expect(row.replyP90?.description == "83.0")
        #expect(row.autoClosed == 1)
        #expect(row.resolutionMedian == nil)
        #expect(row.warningRate?.description == "0.5000")
    }
}

import Foundation
import SLAAnalytics
import Testing

/// Hand-computed scenarios: events → ingestion → extraction → engine → the exact CSV cells.
///
/// Unless a test says otherwise: limits warning 300 s / processing 600 s, default policies
/// (`clock_start = last_customer_message`, bot replies do not stop the clock), the report covers
/// 2026-03-02 in UTC as of 2026-03-03T00:00:00Z. See `Scenario` for the shared directory.
@Suite struct ReportScenarioTests {
    /// Four customer messages 4 minutes apart (09:00, 09:04, 09:08, 09:12), a reply at 09:14.
    /// Default policy: the clock restarts at each message, the longest run is 240 s < 300 s, so no
    /// level is reached, although the customer waited 14 minutes (wait 840 s).
    @Test func burstWithShortGapsBreachesNothingUnderTheDefaultPolicy() throws {
        var scenario = Scenario()
        for minute in ["09:00", "09:04", "09:08", "09:12"] { scenario.customer("d1", at: Scenario.at(minute)) }
        scenario.reply("d1", by: "u1", at: Scenario.at("09:14"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["dialogs"] == "1")
        #expect(tg["episodes"] == "1")
        #expect(tg["answered"] == "1")
        #expect(tg["frt_median_s"] == "840.0")
        #expect(tg["reply_median_s"] == "840.0")
        #expect(tg["reply_p90_s"] == "840.0")
        #expect(tg["reached_warning"] == "0")
        #expect(tg["reached_overdue"] == "0")
        #expect(tg["warning_rate"] == "0.0000")
        #expect(tg["warning_s"] == "300")
        #expect(tg["processing_s"] == "600")
        #expect(report.breaches.isEmpty)
    }

    /// The same burst under `clock_start = first_unanswered`: the clock runs from 09:00, so warning
    /// is crossed at 09:05 and overdue at 09:10, both before the 09:14 reply.
    @Test func burstWithShortGapsIsOverdueUnderFirstUnanswered() throws {
        var scenario = Scenario(clockStart: "first_unanswered")
        for minute in ["09:00", "09:04", "09:08", "09:12"] { scenario.customer("d1", at: Scenario.at(minute)) }
        scenario.reply("d1", by: "u1", at: Scenario.at("09:14"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["reached_warning"] == "1")
        #expect(tg["reached_overdue"] == "1")
        #expect(tg["overdue_rate"] == "1.0000")
        #expect(
            report.breaches == [
                [
                    "dialog": "d1", "channel": "tg", "level": "overdue",
                    "episode_started_at": "2026-03-02T09:00:00+00:00", "crossed_at": "2026-03-02T09:10:00+00:00",
                    "ended_at": "2026-03-02T09:14:00+00:00", "outcome": "answered", "wait_s": "840.0",
                    "responsible_at_crossing": "unassigned",
                ]
            ]
        )
    }

    /// Messages at 09:00 and 09:01, then silence until 09:07 (an inner silence of 6 minutes, over
    /// the 5-minute warning), a reply at 09:08. Default policy: the clock restarted at 09:01, so
    /// warning is crossed at 09:06; after 09:07 it restarts again and the reply comes 60 s later.
    @Test func innerSilenceOverTheWarningCrossesAtTheLastMessagePlusTheLimit() throws {
        var scenario = Scenario()
        for minute in ["09:00", "09:01", "09:07"] { scenario.customer("d1", at: Scenario.at(minute)) }
        scenario.reply("d1", by: "u1", at: Scenario.at("09:08"))
        let report = try runScenario(scenario, scenarioParameters())
        #expect(report.breaches.map { $0["level"] } == ["warning"])
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-03-02T09:06:00+00:00"])
        #expect(report.breaches.map { $0["wait_s"] } == ["480.0"])
    }

    /// The same history under `first_unanswered`: the clock runs from 09:00, so warning is crossed
    /// at 09:05 (a minute earlier than under the default); overdue (09:10) is after the reply.
    @Test func innerSilenceCrossesAtTheFirstMessagePlusTheLimitUnderFirstUnanswered() throws {
        var scenario = Scenario(clockStart: "first_unanswered")
        for minute in ["09:00", "09:01", "09:07"] { scenario.customer("d1", at: Scenario.at(minute)) }
        scenario.reply("d1", by: "u1", at: Scenario.at("09:08"))
        let report = try runScenario(scenario, scenarioParameters())
        #expect(report.breaches.map { $0["level"] } == ["warning"])
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-03-02T09:05:00+00:00"])
    }

    /// d1 is answered exactly at the warning limit (300 s: on time), d2 exactly at the processing
    /// limit (600 s: warning reached at 09:05, overdue not). Reply median (300+600)/2 = 450.0;
    /// p90 = 300 + 0.9 × 300 = 570.0 (percentile_cont over two values).
    @Test func replyExactlyAtTheLimitIsOnTime() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.customer("d2", at: Scenario.at("09:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:05"))
        scenario.reply("d2", by: "u1", at: Scenario.at("09:10"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["episodes"] == "2")
        #expect(tg["reached_warning"] == "1")
        #expect(tg["reached_overdue"] == "0")
        #expect(tg["warning_rate"] == "0.5000")
        #expect(tg["reply_median_s"] == "450.0")
        #expect(tg["reply_p90_s"] == "570.0")
        #expect(report.breaches.map { $0["dialog"] } == ["d2"])
    }

    /// u1's reply at 09:01 fails (status `failed` at 09:01:30), so it is not a qualifying reply; the
    /// resend at 09:12 ends the episode: wait 720 s, overdue crossed at 09:10. Both sends count
    /// as messages sent.
    @Test func failedReplyDoesNotStopTheClock() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        let failed = scenario.reply("d1", by: "u1", at: Scenario.at("09:01"))
        scenario.status(failed, "failed", at: Scenario.at("09:01:30"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:12"))
        let report = try runScenario(scenario, scenarioParameters())
        #expect(report.breaches.map { $0["level"] } == ["overdue"])
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-03-02T09:10:00+00:00"])
        #expect(report.breaches.map { $0["wait_s"] } == ["720.0"])
        let u1 = try #require(report.manager("u1"))
        #expect(u1["messages_sent"] == "2")
        #expect(u1["episodes_answered"] == "1")
        #expect(u1["reply_median_s"] == "720.0")
    }

    /// A bot answers at 09:01 and u1 at 09:07. Policy off (default): the bot does not stop the
    /// clock, the episode ends at 09:07 (wait 420 s), warning crossed at 09:05.
    @Test func botReplyDoesNotStopTheClockByDefault() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.reply("d1", bot: "b1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:07"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["reply_median_s"] == "420.0")
        #expect(tg["reached_warning"] == "1")
    }

    /// The same history with `bot_replies_stop_clock` on: the bot's 09:01 reply ends the episode
    /// (wait 60 s); u1's 09:07 message answers nothing new; no level is reached.
    @Test func botReplyStopsTheClockWhenThePolicyIsOn() throws {
        var scenario = Scenario(botRepliesStopClock: true)
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.reply("d1", bot: "b1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:07"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["episodes"] == "1")
        #expect(tg["reply_median_s"] == "60.0")
        #expect(tg["reached_warning"] == "0")
        #expect(report.breaches.isEmpty)
    }

    /// Assigned to u1 at 09:01, reassigned to u2 at 09:07, answered by u2 at 09:12. Warning
    /// (09:05) is attributed to u1, overdue (09:10) to u2; the breach row shows the highest level
    /// with its responsible.
    @Test func reassignmentMidEpisodeAttributesEachLevelAtItsCrossing() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        scenario.assign("d1", to: "u2", at: Scenario.at("09:07"))
        scenario.reply("d1", by: "u2", at: Scenario.at("09:12"))
        let report = try runScenario(scenario, scenarioParameters())
        #expect(report.breaches.map { $0["responsible_at_crossing"] } == ["u2"])
        let u1 = try #require(report.manager("u1"))
        let u2 = try #require(report.manager("u2"))
        #expect(u1["reached_warning"] == "1")
        #expect(u1["reached_overdue"] == "0")
        #expect(u1["became_responsible"] == "1")
        #expect(u1["reassigned_away"] == "1")
        #expect(u2["reached_warning"] == "0")
        #expect(u2["reached_overdue"] == "1")
        #expect(u2["became_responsible"] == "1")
        #expect(u2["episodes_answered"] == "1")
    }

    /// The admin closes d1 at 09:20 without a reply: closed_unanswered, wait 1200 s, overdue
    /// crossed at 09:10; resolution (opening to the close by a user) 1200.0; a1 closed one dialog.
    @Test func closedWithoutReplyIsClosedUnanswered() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.close("d1", by: "a1", at: Scenario.at("09:20"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["closed_unanswered"] == "1")
        #expect(tg["answered"] == "0")
        #expect(tg["frt_median_s"] == "")
        #expect(tg["resolution_median_s"] == "1200.0")
        #expect(report.breaches.map { $0["outcome"] } == ["closed_unanswered"])
        #expect(report.breaches.map { $0["ended_at"] } == ["2026-03-02T09:20:00+00:00"])
        #expect(report.breaches.map { $0["wait_s"] } == ["1200.0"])
        #expect(report.manager("a1")?["dialogs_closed"] == "1")
    }

    /// A message at 23:52 still unanswered at as_of (midnight): open, wait 480 s, warning crossed
    /// at 23:57; overdue would be at 00:02, after as_of. `ended_at` is empty.
    @Test func episodeOpenAtAsOfHasNoEnd() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("23:52"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["open"] == "1")
        #expect(tg["reply_median_s"] == "")
        #expect(
            report.breaches == [
                [
                    "dialog": "d1", "channel": "tg", "level": "warning",
                    "episode_started_at": "2026-03-02T23:52:00+00:00", "crossed_at": "2026-03-02T23:57:00+00:00",
                    "ended_at": "", "outcome": "open", "wait_s": "480.0", "responsible_at_crossing": "unassigned",
                ]
            ]
        )
    }

    /// The reply comes at 09:20 but the report is as of 09:15: the reply and the user created at
    /// 09:16 do not exist for it. The episode is open with wait 900 s, overdue crossed at 09:10.
    @Test func eventsAfterAsOfAreIgnored() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.user("u9", name: "Late joiner", at: Scenario.at("09:16"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:20"))
        let report = try runScenario(scenario, scenarioParameters(asOf: Scenario.at("09:15")))
        let tg = try #require(report.channel("tg"))
        #expect(tg["open"] == "1")
        #expect(tg["answered"] == "0")
        #expect(report.breaches.map { $0["level"] } == ["overdue"])
        #expect(report.breaches.map { $0["wait_s"] } == ["900.0"])
        #expect(report.manager("u9") == nil)
        #expect(report.manager("u1")?["messages_sent"] == "0")
    }

    /// `wa` has its own limits (60/120) over the default; at 12:00 the default changes to 60/120.
    /// wa 09:00→09:03 (180 s) is overdue under its own limits; tg 09:00→09:03 is on time under the
    /// old default; tg 13:00→13:03 is overdue under the new one. The limits printed are those in
    /// effect at the end of the period (60/120 for both).
    @Test func channelLimitsOverrideTheDefaultAndALimitChangeAppliesFromItsInstant() throws {
        var scenario = Scenario()
        scenario.limits(channel: "wa", warning: 60, processing: 120, at: Scenario.at("00:00", day: 1))
        scenario.customer("w1", channel: "wa", at: Scenario.at("09:00"))
        scenario.customer("t1", at: Scenario.at("09:00"))
        scenario.reply("w1", by: "u1", at: Scenario.at("09:03"))
        scenario.reply("t1", by: "u1", at: Scenario.at("09:03"))
        scenario.limits(channel: nil, warning: 60, processing: 120, at: Scenario.at("12:00"))
        scenario.customer("t2", at: Scenario.at("13:00"))
        scenario.reply("t2", by: "u1", at: Scenario.at("13:03"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        let wa = try #require(report.channel("wa"))
        #expect(wa["reached_overdue"] == "1")
        #expect(wa["warning_s"] == "60")
        #expect(wa["processing_s"] == "120")
        #expect(tg["episodes"] == "2")
        #expect(tg["reached_warning"] == "1")
        #expect(tg["reached_overdue"] == "1")
        #expect(tg["warning_s"] == "60")
        #expect(tg["processing_s"] == "120")
        #expect(report.breaches.map { $0["dialog"] } == ["t2", "w1"])
    }

    /// New York springs forward on 2026-03-08 at 02:00 (EST −05:00 → EDT −04:00): the local day
    /// runs from 05:00Z to 04:00Z the next day (23 hours). Episodes at 04:30Z (Mar 7, 23:30 EST)
    /// and 04:30Z on Mar 9 (00:30 EDT) fall outside; 06:30Z (01:30 EST) and 03:30Z on Mar 9
    /// (23:30 EDT) fall inside. The first is answered at 07:30Z (03:30 EDT): wait 3600 s,
    /// overdue crossed at 06:40Z = 01:40 EST.
    @Test func newYorkDayAcrossTheSpringForwardHasTwentyThreeHours() throws {
        var scenario = Scenario()
        scenario.customer("d0", at: Scenario.at("04:30", day: 8))
        scenario.customer("d1", at: Scenario.at("06:30", day: 8))
        scenario.reply("d1", by: "u1", at: Scenario.at("07:30", day: 8))
        scenario.customer("d2", at: Scenario.at("03:30", day: 9))
        scenario.customer("d3", at: Scenario.at("04:30", day: 9))
        let report = try runScenario(
            scenario,
            scenarioParameters(
                from: "2026-03-08",
                to: "2026-03-08",
                timeZone: "America/New_York",
                asOf: Scenario.at("12:00", day: 9)
            )
        )
        #expect(report.daily.map { $0["date"] } == ["2026-03-08"])
        #expect(report.daily.first?["episodes"] == "2")
        let d1 = try #require(report.breaches.first { $0["dialog"] == "d1" })
        #expect(d1["episode_started_at"] == "2026-03-08T01:30:00-05:00")
        #expect(d1["crossed_at"] == "2026-03-08T01:40:00-05:00")
        #expect(d1["ended_at"] == "2026-03-08T03:30:00-04:00")
        #expect(d1["wait_s"] == "3600.0")
    }

    /// Kathmandu is +05:45: 18:20Z on Mar 2 is 00:05 on Mar 3 there; 18:10Z is 23:55 on Mar 2.
    /// A report for Mar 3 in Asia/Kathmandu counts only the first, dated 2026-03-03.
    @Test func kathmanduDatesFollowTheQuarterHourOffset() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("18:10"))
        scenario.customer("d2", at: Scenario.at("18:20"))
        scenario.reply("d2", by: "u1", at: Scenario.at("18:35"))
        let report = try runScenario(
            scenario,
            scenarioParameters(
                from: "2026-03-03",
                to: "2026-03-03",
                timeZone: "Asia/Kathmandu",
                asOf: Scenario.at("12:00", day: 4)
            )
        )
        #expect(report.daily.map { $0["date"] } == ["2026-03-03"])
        #expect(report.daily.first?["episodes"] == "1")
        let d2 = try #require(report.breaches.first { $0["dialog"] == "d2" })
        #expect(d2["episode_started_at"] == "2026-03-03T00:05:00+05:45")
        #expect(d2["crossed_at"] == "2026-03-03T00:15:00+05:45")
        #expect(report.channel("tg")?["episodes"] == "1")
    }

    /// Two dialogs of u1 on tg opened at 09:00. d1 gets order o1 at 09:30 (2 × 100.00 + delivery
    /// 50.00 = 250.00; payment 100.00 paid, 150.00 not) and order o2 at 10:00 (80.00, then
    /// cancelled). Cohort 2 dialogs, 1 converted (0.5000), 2 orders, revenue 250.00 (cancelled
    /// excluded), paid 100.00, AOV 250.00 / 1 = 250.00, time to first order 1800.0.
    @Test func ordersWithACancellationAndPartialPaymentsConvert() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.customer("d2", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        scenario.assign("d2", to: "u1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:02"))
        scenario.reply("d2", by: "u1", at: Scenario.at("09:02"))
        scenario.twoOrdersOfD1()
        scenario.orderStatus("o2", "cancelled", at: Scenario.at("10:30"))
        let report = try runScenario(scenario, scenarioParameters())
        #expect(
            report.orders == [
                [
                    "channel": "tg", "store": "s1", "user": "u1", "dialogs": "2", "converted_dialogs": "1",
                    "conversion_rate": "0.5000", "orders": "2", "revenue": "250.00", "paid_revenue": "100.00",
                    "average_order_value": "250.00", "time_to_order_median_s": "1800.0",
                ]
            ]
        )
        #expect(report.manager("u1")?["orders"] == "2")
        #expect(report.manager("u1")?["revenue"] == "250.00")
    }

    /// Ingestion order: the customer writes at 09:00, u1 replies at 09:20, then a customer message
    /// stamped 09:10 arrives late. Metrics use stored timestamps: the episode holds 09:00 and
    /// 09:10 and ends at 09:20 (wait 1200 s). Default clock: warning crossed at 09:05; the run from
    /// 09:00 would reach overdue exactly at 09:10, but the message there restarts the clock, and
    /// the run 09:10 → 09:20 is exactly 600 s: on time. So warning, not overdue.
    @Test func lateArrivingMessageCountsAtItsOwnInstant() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:20"))
        scenario.customer("d1", at: Scenario.at("09:10"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["episodes"] == "1")
        #expect(tg["reply_median_s"] == "1200.0")
        #expect(tg["reached_warning"] == "1")
        #expect(tg["reached_overdue"] == "0")
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-03-02T09:05:00+00:00"])
    }

    /// Assigned dialogs auto-close after an hour (`auto_close_assigned_s` 3600). d1: customer at
    /// 09:00, closed by the system actor (`{"system": true}`) at 09:20. d2: customer at 10:00,
    /// taken by u1 at 10:01, nothing more: the tick at 12:00 closes it automatically at 11:00.
    /// Both episodes end closed_unanswered (1200 s and 3600 s, overdue at 09:10 and 10:10). The
    /// system's close is neither a resolution (SPEC: closes "by a user or bot") nor automatic:
    /// auto_closed counts d2 alone, and there is no resolution sample.
    @Test func aCloseByTheSystemActorIsNeitherAResolutionNorAnAutomaticClose() throws {
        var scenario = Scenario()
        scenario.autoCloseAssigned(after: 3600, at: Scenario.at("00:00", day: 1))
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.closeBySystem("d1", at: Scenario.at("09:20"))
        scenario.customer("d2", at: Scenario.at("10:00"))
        scenario.assign("d2", to: "u1", by: "u1", at: Scenario.at("10:01"))
        scenario.tick(at: Scenario.at("12:00"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["closed_unanswered"] == "2")
        #expect(tg["auto_closed"] == "1")
        #expect(tg["resolution_median_s"] == "")
        #expect(report.breaches.map { $0["ended_at"] } == ["2026-03-02T09:20:00+00:00", "2026-03-02T11:00:00+00:00"])
        #expect(report.breaches.map { $0["wait_s"] } == ["1200.0", "3600.0"])
        #expect(report.manager("a1")?["dialogs_closed"] == "0")
        #expect(report.manager("u1")?["dialogs_closed"] == "0")
    }

    /// The open/closed state follows the reopens ingestion stored. d1: customer at 09:00, taken
    /// by u1 at 09:00:30, answered at 09:01, closed by a1 at 09:30; then a customer message
    /// stamped 09:20 arrives late: ingestion reopens d1 at 09:30 (the close it follows), and it
    /// stays open. d2: customer at 10:00, taken by u1 at 10:00:30, answered at 10:02. u1 holds
    /// d1 (reopened at 09:30) and d2 from 10:00:30: peak 2. The late message's episode runs 09:20
    /// → 09:30 (closed_unanswered, 600 s, warning at 09:25 for u1, overdue at 09:30 is not
    /// before its end); resolution 09:00 → 09:30 = 1800.0.
    @Test func aLateMessageBeforeACloseReopensTheDialogAtThatClose() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", by: "u1", at: Scenario.at("09:00:30"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:01"))
        scenario.close("d1", by: "a1", at: Scenario.at("09:30"))
        scenario.customer("d1", at: Scenario.at("09:20"))
        scenario.customer("d2", at: Scenario.at("10:00"))
        scenario.assign("d2", to: "u1", by: "u1", at: Scenario.at("10:00:30"))
        scenario.reply("d2", by: "u1", at: Scenario.at("10:02"))
        let report = try runScenario(scenario, scenarioParameters())
        let u1 = try #require(report.manager("u1"))
        #expect(u1["peak_open_dialogs"] == "2")
        #expect(u1["reached_warning"] == "1")
        let tg = try #require(report.channel("tg"))
        #expect(tg["episodes"] == "3")
        #expect(tg["closed_unanswered"] == "1")
        #expect(tg["resolution_median_s"] == "1800.0")
        #expect(
            report.breaches == [
                [
                    "dialog": "d1", "channel": "tg", "level": "warning",
                    "episode_started_at": "2026-03-02T09:20:00+00:00", "crossed_at": "2026-03-02T09:25:00+00:00",
                    "ended_at": "2026-03-02T09:30:00+00:00", "outcome": "closed_unanswered", "wait_s": "600.0",
                    "responsible_at_crossing": "u1",
                ]
            ]
        )
    }

    /// The privacy policy holds new dialogs from 2026-03-01. d1: customer at 09:00, closed by the
    /// system at 09:10 while pending, accepted at 09:20 and nothing more: still closed at its
    /// acceptance, it has no episode and is outside every figure. d2: customer at 09:00, closed
    /// at 09:10 while pending, the customer writes again at 09:15 (reopening it), accepted at
    /// 09:20, answered at 09:22: one episode from the acceptance, 120 s, no level.
    @Test func aDialogClosedWhilePendingHasNoEpisodeUnlessTheCustomerWroteAfterTheClose() throws {
        var scenario = Scenario()
        scenario.event(
            "settings.chats",
            Scenario.at("00:00", day: 1),
            ["by": ["user": "a1"], "privacy_policy": ["enabled": true, "text": "Policy", "url": "https://x.test"]]
        )
        for dialog in ["d1", "d2"] {
            scenario.customer(dialog, at: Scenario.at("09:00"))
            scenario.closeBySystem(dialog, at: Scenario.at("09:10"))
        }
        scenario.customer("d2", at: Scenario.at("09:15"))
        for dialog in ["d1", "d2"] { scenario.event("privacy.accepted", Scenario.at("09:20"), ["dialog": dialog]) }
        scenario.reply("d2", by: "u1", at: Scenario.at("09:22"))
        let report = try runScenario(scenario, scenarioParameters())
        let tg = try #require(report.channel("tg"))
        #expect(tg["dialogs"] == "1")
        #expect(tg["episodes"] == "1")
        #expect(tg["answered"] == "1")
        #expect(tg["open"] == "0")
        #expect(tg["frt_median_s"] == "120.0")
        #expect(tg["auto_closed"] == "0")
        #expect(report.breaches.isEmpty)
    }

    /// The contact blocks the bot at 09:00:30, so u1's send at 09:01 is stored failed
    /// (`bot_blocked`) and answers nothing; the customer writes again at 09:05 (unblocking) and
    /// u1's reply at 09:12 ends the episode: wait 720 s, warning at 09:10 (the clock restarted at
    /// 09:05), overdue (09:15) not reached. Both sends count as messages sent.
    @Test func aSendStoredBlockedNeverQualifiesAsAReply() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.event("contact.blocked_bot", Scenario.at("09:00:30"), ["dialog": "d1"])
        scenario.reply("d1", by: "u1", at: Scenario.at("09:01"))
        scenario.customer("d1", at: Scenario.at("09:05"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:12"))
        let report = try runScenario(scenario, scenarioParameters())
        #expect(report.breaches.map { $0["level"] } == ["warning"])
        #expect(report.breaches.map { $0["crossed_at"] } == ["2026-03-02T09:10:00+00:00"])
        #expect(report.breaches.map { $0["wait_s"] } == ["720.0"])
        #expect(report.manager("u1")?["messages_sent"] == "2")
        #expect(report.manager("u1")?["episodes_answered"] == "1")
    }

    /// u1's reply at 09:01 is reported failed with the error text `bot_blocked` only on 2026-03-03
    /// at 10:00, after the report's `as_of` (2026-03-03T00:00): by `as_of` the reply had no status,
    /// so it answered the episode (SPEC §2: a message counts as failed when its last status by
    /// `as_of` is `failed`), and the report is the same as before that status arrived. Only a send
    /// stored failed at its creation (the contact had blocked the bot) fails without a status.
    @Test func aFailureReportedAfterAsOfWithTheBlockedReasonLeavesTheReplyAnswered() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        let reply = scenario.reply("d1", by: "u1", at: Scenario.at("09:01"))
        let before = try runScenario(scenario, scenarioParameters())
        scenario.event(
            "message.status",
            Scenario.at("10:00", day: 3),
            ["message": reply, "status": "failed", "error": "bot_blocked"]
        )
        let after = try runScenario(scenario, scenarioParameters())
        #expect(before.channel("tg")?["answered"] == "1")
        #expect(after.report == before.report)
        // As of a later instant the status exists: the reply is failed and answers nothing.
        let later = try runScenario(scenario, scenarioParameters(asOf: "2026-03-04T00:00:00+00:00"))
        #expect(later.channel("tg")?["answered"] == "0")
        #expect(later.channel("tg")?["open"] == "1")
    }

    /// u1's reply at 09:01 is reported delivered at 09:30 and failed at 09:20, in either order of
    /// arrival, in one batch or one batch per event (the failed status then logs the delivered
    /// one, stored before it, with it): its last status by `as_of` decides (SPEC §2). As of the
    /// next day that is `delivered` (09:30), and the reply answers the episode (wait 60 s); as of
    /// 09:25 it is `failed` (09:20), and the episode is still open, unanswered.
    @Test(arguments: [false, true], [1, 20_000])
    func theLastStatusByAsOfDecidesWhetherAReplyFailed(failedArrivesFirst: Bool, batchSize: Int) throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        let reply = scenario.reply("d1", by: "u1", at: Scenario.at("09:01"))
        let statuses = [("delivered", Scenario.at("09:30")), ("failed", Scenario.at("09:20"))]
        for (status, at) in failedArrivesFirst ? statuses.reversed() : statuses {
            var fields: [String: Any] = ["message": reply, "status": status]
            if status == "failed" { fields["error"] = "network" }
            scenario.event("message.status", at, fields)
        }
        let delivered = try runScenario(scenario, scenarioParameters(), batchSize: batchSize)
        #expect(delivered.channel("tg")?["answered"] == "1")
        #expect(delivered.channel("tg")?["frt_median_s"] == "60.0")
        let failed = try runScenario(
            scenario,
            scenarioParameters(asOf: "2026-03-02T09:25:00+00:00"),
            batchSize: batchSize
        )
        #expect(failed.channel("tg")?["answered"] == "0")
        #expect(failed.channel("tg")?["open"] == "1")
    }

    /// The same scenario gives identical rows from one worker and from two.
    @Test func oneAndTwoWorkersGiveTheSameReport() throws {
        var scenario = Scenario()
        for index in 0..<40 {
            let minute = String(format: "%02d", index)
            scenario.customer("d\(index)", channel: index % 3 == 0 ? "wa" : "tg", at: Scenario.at("10:\(minute)"))
            if index % 4 != 0 {
                scenario.reply("d\(index)", by: index % 2 == 0 ? "u1" : "u2", at: Scenario.at("11:\(minute)"))
            }
        }
        let one = try runScenario(scenario, scenarioParameters(), workers: 1)
        let two = try runScenario(scenario, scenarioParameters(), workers: 2)
        #expect(one.report == two.report)
        #expect(one.channel("tg")?["episodes"] == "26")
    }
}

import Foundation
import SLAAnalytics
import Testing

/// Hand-computed edge scenarios: events → ingestion → extraction → engine → the exact CSV cells.
///
/// Same conventions as ``ReportScenarioTests``: limits warning 300 s / processing 600 s, default
/// policies, the report covers 2026-03-02 in UTC as of 2026-03-03T00:00:00Z unless a test says
/// otherwise. See `Scenario` for the shared directory (store s1, channels tg and wa).
@Suite struct ReportEdgeScenarioTests {
    /// `channels.csv` lists the channels known by `as_of` (SPEC §5). Besides tg and wa (set up on
    /// Mar 1): vb is upserted at 09:00 on Mar 2, ig exactly at as_of (Mar 3 00:00:00, "at or
    /// before" counts), fb one microsecond after as_of (Mar 3 00:00:00.000001, unknown to the
    /// report). Rows sorted by channel: ig, tg, vb, wa. vb and ig have no dialog: zero counts,
    /// empty medians and rates (figures of nothing), the default limits 300 / 600 in effect.
    /// tg has one dialog, 09:00 → reply 09:02: wait 120 s.
    @Test func channelsCsvListsOnlyTheChannelsKnownByAsOf() throws {
        var scenario = Scenario()
        scenario.event(
            "channel.upserted",
            Scenario.at("09:00"),
            ["channel": "vb", "name": "Viber", "kind": "viber", "store": "s1"]
        )
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:02"))
        scenario.event(
            "channel.upserted",
            Scenario.at("00:00", day: 3),
            ["channel": "ig", "name": "Instagram", "kind": "instagram", "store": "s1"]
        )
        scenario.event(
            "channel.upserted",
            Scenario.at("00:00:00.000001", day: 3),
            ["channel": "fb", "name": "Facebook", "kind": "facebook", "store": "s1"]
        )
        let report = try runScenario(scenario, scenarioParameters())
        #expect(report.report.channels.map { $0.cells.first } == ["ig", "tg", "vb", "wa"])
        #expect(report.channel("fb") == nil)
        let empty: [String: String] = [
            "dialogs": "0", "episodes": "0", "answered": "0", "closed_unanswered": "0", "open": "0",
            "frt_median_s": "", "frt_p90_s": "", "reply_median_s": "", "reply_p90_s": "",
            "reached_warning": "0", "reached_overdue": "0", "warning_rate": "", "overdue_rate": "",
            "resolution_median_s": "", "auto_closed": "0", "warning_s": "300", "processing_s": "600",
        ]
        for id in ["vb", "ig"] {
            var expected = empty
            expected["channel"] = id
            #expect(report.channel(id) == expected, "channel \(id)")
        }
        let tg = try #require(report.channel("tg"))
        #expect(tg["dialogs"] == "1")
        #expect(tg["episodes"] == "1")
        #expect(tg["answered"] == "1")
        // 09:00 → 09:02 = 120 s.
        #expect(tg["frt_median_s"] == "120.0")
        // A later as_of (Mar 3 01:00) knows fb too: five rows.
        let later = try runScenario(scenario, scenarioParameters(asOf: Scenario.at("01:00", day: 3)))
        #expect(later.report.channels.map { $0.cells.first } == ["fb", "ig", "tg", "vb", "wa"])
    }

    /// The privacy policy is switched on at T = 09:00:00 on Mar 2 (SPEC §1: it gates "dialogs
    /// created at or after the instant it was enabled"). d0 opens at 08:59:59 (1 s before T) and
    /// d1 at 08:59:59.999999 (1 µs before T): not gated, both answered by u1 at 09:01. d2 opens
    /// exactly at T: held pending until its acceptance at 09:20, answered at 09:22.
    ///
    /// As of 09:15, d2 is still pending: outside every figure (were it not gated, it would be
    /// open with overdue crossed at 09:10, a breach row). dialogs 2, episodes 2:
    /// d0 wait 09:01:00 − 08:59:59 = 61 s = 61 000 000 µs, d1 wait 60.000001 s = 60 000 001 µs;
    /// median (60 000 001 + 61 000 000) / 2 = 60 500 000.5 µs → "60.5";
    /// p90 = 60 000 001 + 0.9 × 999 999 = 60 900 000.1 µs → "60.9".
    ///
    /// As of Mar 3 00:00, d2 was accepted at 09:20: its message waits from the acceptance, 120 s.
    /// dialogs 3, episodes 3; sorted waits 60 000 001, 61 000 000, 120 000 000 µs: median "61.0";
    /// p90 at position 0.9 × 2 = 1.8: 61 000 000 + 0.8 × 59 000 000 = 108 200 000 µs → "108.2".
    @Test func privacyPolicyGatesDialogsCreatedAtOrAfterTheInstantItWasEnabled() throws {
        var scenario = Scenario()
        scenario.customer("d0", at: Scenario.at("08:59:59"))
        scenario.customer("d1", at: Scenario.at("08:59:59.999999"))
        scenario.event(
            "settings.chats",
            Scenario.at("09:00"),
            ["by": ["user": "a1"], "privacy_policy": ["enabled": true, "text": "Policy", "url": "https://x.test"]]
        )
        scenario.customer("d2", at: Scenario.at("09:00"))
        scenario.reply("d0", by: "u1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:01"))
        scenario.event("privacy.accepted", Scenario.at("09:20"), ["dialog": "d2"])
        scenario.reply("d2", by: "u1", at: Scenario.at("09:22"))

        let pending = try runScenario(scenario, scenarioParameters(asOf: Scenario.at("09:15")))
        let tgPending = try #require(pending.channel("tg"))
        #expect(tgPending["dialogs"] == "2")
        #expect(tgPending["episodes"] == "2")
        #expect(tgPending["answered"] == "2")
        #expect(tgPending["open"] == "0")
        #expect(tgPending["frt_median_s"] == "60.5")
        #expect(tgPending["frt_p90_s"] == "60.9")
        #expect(tgPending["reached_overdue"] == "0")
        #expect(pending.breaches.isEmpty)
        #expect(pending.manager("u1")?["messages_sent"] == "2")

        let accepted = try runScenario(scenario, scenarioParameters())
        let tg = try #require(accepted.channel("tg"))
        #expect(tg["dialogs"] == "3")
        #expect(tg["episodes"] == "3")
        #expect(tg["answered"] == "3")
        #expect(tg["reply_median_s"] == "61.0")
        #expect(tg["reply_p90_s"] == "108.2")
        #expect(tg["reached_warning"] == "0")
        #expect(accepted.breaches.isEmpty)
        #expect(accepted.manager("u1")?["messages_sent"] == "3")
    }

    /// d1 (tg, u1) opens at 09:00. o1 at 09:30: 2 × 100.00 + delivery 50.00 = 250.00, with
    /// payments p1 100.00 paid (09:40) and p2 150.00 unpaid (09:41). o2 at 10:00: 1 × 80.00 =
    /// 80.00, with p3 80.00 paid (10:05). After noon: o2 cancelled at 13:00, p2 flipped to paid at
    /// 13:05, p1's amount changed to 90.00 at 13:10.
    /// - as of 12:00 (none of the late versions): revenue 250.00 + 80.00 = 330.00; paid 100.00 +
    ///   80.00 = 180.00; AOV 330.00 / 2 = 165.00.
    /// - as of 13:00 (the cancellation, stamped exactly at as_of, counts; the payment updates do
    ///   not): revenue 250.00; paid 100.00 (p3 belongs to the cancelled o2); AOV 250.00 / 1.
    /// - as of Mar 3 00:00 (all): revenue 250.00; paid 90.00 + 150.00 = 240.00; AOV 250.00.
    /// `orders` counts cancelled ones too: 2 each time; time to first order 09:00 → 09:30 = 1800.0.
    @Test func orderStatusesAndPaymentVersionsAfterAsOfDoNotCount() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:02"))
        scenario.twoOrdersOfD1()
        scenario.payment("p3", of: "o2", amount: "80.00", paid: true, at: Scenario.at("10:05"))
        scenario.orderStatus("o2", "cancelled", at: Scenario.at("13:00"))
        scenario.payment("p2", of: "o1", method: "cash", amount: "150.00", paid: true, at: Scenario.at("13:05"))
        scenario.payment("p1", of: "o1", amount: "90.00", paid: true, at: Scenario.at("13:10"))

        func row(revenue: String, paid: String, average: String) -> [String: String] {
            [
                "channel": "tg", "store": "s1", "user": "u1", "dialogs": "1", "converted_dialogs": "1",
                "conversion_rate": "1.0000", "orders": "2", "revenue": revenue, "paid_revenue": paid,
                "average_order_value": average, "time_to_order_median_s": "1800.0",
            ]
        }

        let noon = try runScenario(scenario, scenarioParameters(asOf: Scenario.at("12:00")))
        #expect(noon.orders == [row(revenue: "330.00", paid: "180.00", average: "165.00")])
        #expect(noon.manager("u1")?["orders"] == "2")
        #expect(noon.manager("u1")?["revenue"] == "330.00")

        let atCancellation = try runScenario(scenario, scenarioParameters(asOf: Scenario.at("13:00")))
        #expect(atCancellation.orders == [row(revenue: "250.00", paid: "100.00", average: "250.00")])

        let endOfDay = try runScenario(scenario, scenarioParameters())
        #expect(endOfDay.orders == [row(revenue: "250.00", paid: "240.00", average: "250.00")])
        #expect(endOfDay.manager("u1")?["orders"] == "2")
        #expect(endOfDay.manager("u1")?["revenue"] == "250.00")
    }

    /// DECISIONS.md (d): `orders.csv`'s store is the store the channel is mapped to now. d1 (tg,
    /// u1) opens at 09:00 and gets o1 at 09:30 (1 × 100.00), while tg belongs to s1. Store s2 is
    /// created at 10:00 and tg moved to it at 10:05. d2 (tg, u1) opens at 11:00 and gets o2 at
    /// 11:20 (1 × 60.00). d3 (wa, unassigned) opens at 09:00 with no order; wa stays in s1.
    /// tg's whole cohort is under s2: dialogs 2, converted 2, orders 2, revenue 100.00 + 60.00 =
    /// 160.00, paid 0.00, AOV 160.00 / 2 = 80.00, time to order median (1800 + 1200) / 2 = 1500.0.
    /// wa: one dialog, no order: rate 0/1 = 0.0000, sums 0 / 0.00, AOV and median empty.
    @Test func aChannelMovedToAnotherStoreShowsItsWholeCohortUnderTheNewStore() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.customer("d3", channel: "wa", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:02"))
        scenario.reply("d3", by: "u2", at: Scenario.at("09:02"))
        scenario.order(
            "o1",
            number: "1001",
            dialog: "d1",
            items: [("sku-1", 1, "100.00")],
            at: Scenario.at("09:30")
        )
        scenario.event("store.upserted", Scenario.at("10:00"), ["store": "s2", "name": "Second store"])
        scenario.event(
            "channel.upserted",
            Scenario.at("10:05"),
            ["channel": "tg", "name": "Telegram", "kind": "telegram", "store": "s2"]
        )
        scenario.customer("d2", at: Scenario.at("11:00"))
        scenario.assign("d2", to: "u1", at: Scenario.at("11:01"))
        scenario.reply("d2", by: "u1", at: Scenario.at("11:02"))
        scenario.order(
            "o2",
            number: "1002",
            dialog: "d2",
            items: [("sku-2", 1, "60.00")],
            at: Scenario.at("11:20")
        )
        let report = try runScenario(scenario, scenarioParameters())
        #expect(
            report.orders == [
                [
                    "channel": "tg", "store": "s2", "user": "u1", "dialogs": "2", "converted_dialogs": "2",
                    "conversion_rate": "1.0000", "orders": "2", "revenue": "160.00", "paid_revenue": "0.00",
                    "average_order_value": "80.00", "time_to_order_median_s": "1500.0",
                ],
                [
                    "channel": "wa", "store": "s1", "user": "unassigned", "dialogs": "1", "converted_dialogs": "0",
                    "conversion_rate": "0.0000", "orders": "0", "revenue": "0.00", "paid_revenue": "0.00",
                    "average_order_value": "", "time_to_order_median_s": "",
                ],
            ]
        )
        // The move does not split tg in channels.csv either: one row with both dialogs.
        #expect(report.channel("tg")?["dialogs"] == "2")
    }
}

import ChatStore
import Foundation
import SLAAnalytics
import Testing

/// Hand-computed scenarios at the edges of what a report "knows": channels and settings by their
/// instants, order versions after `as_of`, and a channel moved to another store.
@Suite struct ReportEdgeScenarioTests {
    /// SPEC §5: one `channels.csv` row per channel known by `as_of`. `vb` is upserted at 12:00 on
    /// the report day (before `as_of`, the next midnight) and has no dialog: a row of zeros with
    /// empty medians and rates, and the default limits. `ig` is upserted at 06:00 the next day,
    /// after `as_of`: no row.
    @Test func channelsKnownByAsOfHaveARowAndLaterOnesDoNot() throws {
        var scenario = Scenario()
        scenario.event(
            "channel.upserted",
            Scenario.at("12:00"),
            ["channel": "vb", "name": "Viber", "kind": "viber", "store": "s1"]
        )
        scenario.event(
            "channel.upserted",
            Scenario.at("06:00", day: 3),
            ["channel": "ig", "name": "Instagram", "kind": "instagram", "store": "s1"]
        )
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:01"))
        let report = try runScenario(scenario, scenarioParameters())
        #expect(report.report.channels.map(\.channel) == ["tg", "vb", "wa"])
        let viber = try #require(report.channel("vb"))
        #expect(viber["dialogs"] == "0")
        #expect(viber["episodes"] == "0")
        #expect(viber["frt_median_s"] == "")
        #expect(viber["warning_rate"] == "")
        #expect(viber["reached_overdue"] == "0")
        #expect(viber["warning_s"] == "300")
        #expect(viber["processing_s"] == "600")
        #expect(report.channel("ig") == nil)
    }

    /// SPEC §1: the privacy policy holds "dialogs created at or after the instant it was enabled".
    /// Enabled at 09:00:00. d0's first message is at 08:59:59.999999: not held; u1 replies at
    /// 09:10, wait 600.000001 s. d1's first message is exactly at 09:00: held, never accepted, so
    /// it is in no figure. d2 writes at 09:00:01, is held, accepted at 09:30, answered at 09:31:
    /// its message waits from the acceptance, 60 s. First responses {60, 600.000001}: median
    /// 330.0000005 s, printed 330.0.
    @Test func privacyPolicyHoldsDialogsCreatedAtOrAfterItsInstant() throws {
        var scenario = Scenario()
        scenario.customer("d0", at: "2026-03-02T08:59:59.999999+00:00")
        scenario.event(
            "settings.chats",
            Scenario.at("09:00"),
            ["by": ["user": "a1"], "privacy_policy": ["enabled": true, "text": "Policy", "url": "https://x.test"]]
        )
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.customer("d2", at: Scenario.at("09:00:01"))
        scenario.reply("d0", by: "u1", at: Scenario.at("09:10"))
        scenario.event("privacy.accepted", Scenario.at("09:30"), ["dialog": "d2"])
        scenario.reply("d2", by: "a1", at: Scenario.at("09:31"))
        let report = try runScenario(scenario, scenarioParameters())
        let telegram = try #require(report.channel("tg"))
        #expect(telegram["dialogs"] == "2")
        #expect(telegram["episodes"] == "2")
        #expect(telegram["answered"] == "2")
        #expect(telegram["open"] == "0")
        #expect(telegram["frt_median_s"] == "330.0")
        #expect(telegram["reply_p90_s"] == "546.0")  // 60 + 0.9 × 540.000001 = 546.0000009
        // The conversion cohort holds d0 and d2, not the held d1.
        #expect(report.orders.map { $0["dialogs"] } == ["2"])
    }

    /// SPEC §2: "Order status is the last one by as_of" and payments count as of `as_of`. o1 (one
    /// item at 100.00, no delivery) is created from d1 at 10:00 with payment p1 of 100.00 not yet
    /// paid. After the report day: p1 marked paid at 01:00, o1 cancelled at 01:30.
    /// - as of midnight: 1 order, revenue 100.00, paid 0.00, average 100.00;
    /// - as of 01:15: paid 100.00 (the payment's later version), still not cancelled;
    /// - as of 02:00: cancelled: still counted in `orders` and converted, but no revenue, no paid
    ///   revenue, and no average (no order left that is not cancelled).
    @Test func orderVersionsAfterAsOfDoNotCount() throws {
        var scenario = Scenario()
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.assign("d1", to: "u1", at: Scenario.at("09:01"))
        scenario.reply("d1", by: "u1", at: Scenario.at("09:02"))
        scenario.event(
            "order.created",
            Scenario.at("10:00"),
            [
                "order": "o1", "number": "1001", "dialog": "d1", "customer": NSNull(), "by": ["user": "u1"],
                "items": [["offer": "sku-1", "quantity": 1, "price": "100.00"]],
            ]
        )
        let payment: [String: Any] = ["order": "o1", "payment": "p1", "method": "card", "amount": "100.00"]
        scenario.event("order.payment", Scenario.at("10:05"), payment.merging(["paid": false]) { $1 })
        scenario.event("order.payment", Scenario.at("01:00", day: 3), payment.merging(["paid": true]) { $1 })
        scenario.event(
            "order.status",
            Scenario.at("01:30", day: 3),
            ["order": "o1", "status": "cancelled", "by": ["user": "u1"]]
        )
        func orderCells(asOf: String) throws -> [String: String] {
            let report = try runScenario(scenario, scenarioParameters(asOf: asOf))
            #expect(report.orders.count == 1)
            return try #require(report.orders.first)
        }
        let midnight = try orderCells(asOf: "2026-03-03T00:00:00+00:00")
        #expect(midnight["orders"] == "1")
        #expect(midnight["converted_dialogs"] == "1")
        #expect(midnight["revenue"] == "100.00")
        #expect(midnight["paid_revenue"] == "0.00")
        #expect(midnight["average_order_value"] == "100.00")
        let paid = try orderCells(asOf: "2026-03-03T01:15:00+00:00")
        #expect(paid["revenue"] == "100.00")
        #expect(paid["paid_revenue"] == "100.00")
        let cancelled = try orderCells(asOf: "2026-03-03T02:00:00+00:00")
        #expect(cancelled["orders"] == "1")
        #expect(cancelled["converted_dialogs"] == "1")
        #expect(cancelled["revenue"] == "0.00")
        #expect(cancelled["paid_revenue"] == "0.00")
        #expect(cancelled["average_order_value"] == "")
    }

    /// docs/DECISIONS.md (d): `orders.csv`'s store is the one the channel is mapped to in the
    /// report's lookups. tg moves from s1 to s2 at 11:00, after o1 (created from d1 at 10:00,
    /// stored with store s1); the whole cohort shows under s2.
    @Test func aChannelMovedToAnotherStoreShowsItsCohortUnderTheNewStore() throws {
        var scenario = Scenario()
        scenario.event("store.upserted", Scenario.at("08:00"), ["store": "s2", "name": "Second store"])
        scenario.customer("d1", at: Scenario.at("09:00"))
        scenario.customer("d2", at: Scenario.at("09:05"))
        scenario.event(
            "order.created",
            Scenario.at("10:00"),
            [
                "order": "o1", "number": "1001", "dialog": "d1", "customer": NSNull(), "by": ["user": "a1"],
                "items": [["offer": "sku-1", "quantity": 3, "price": "10.50"]],
                "delivery": ["type": "courier", "cost": "5.00"],
            ]
        )
        scenario.event(
            "channel.upserted",
            Scenario.at("11:00"),
            ["channel": "tg", "name": "Telegram", "kind": "telegram", "store": "s2"]
        )
        let report = try runScenario(scenario, scenarioParameters())
        // 3 × 10.50 + 5.00 = 36.50; time to order 10:00 − 09:00 = 3600 s.
        #expect(
            report.orders == [
                [
                    "channel": "tg", "store": "s2", "user": "unassigned", "dialogs": "2", "converted_dialogs": "1",
                    "conversion_rate": "0.5000", "orders": "1", "revenue": "36.50", "paid_revenue": "0.00",
                    "average_order_value": "36.50", "time_to_order_median_s": "3600.0",
                ]
            ]
        )
    }
}

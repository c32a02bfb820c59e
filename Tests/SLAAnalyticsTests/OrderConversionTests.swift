import ChatDomain
import Testing

@testable import SLAAnalytics

func order(
    _ key: Int64,
    dialog: Int64?,
    channel: ChannelKey? = 1,
    by user: Int64?,
    at instant: Int64,
    total: String,
    status: String? = "new",
    paid: String = "0"
) -> OrderRecord {
    OrderRecord(
        key: OrderKey(rawValue: key),
        sourceID: "o\(key)",
        dialog: dialog.map { DialogKey(rawValue: $0) },
        channel: channel,
        store: 1,
        createdBy: user.map { UserKey(rawValue: $0) },
        createdAt: instant,
        seq: key,
        total: money(total),
        statusAsOf: status,
        paidAmount: money(paid)
    )
}

/// Conversion of the period's dialog cohort into orders, and orders per creating manager.
@Suite struct OrderConversionTests {
    static let dialogs = [
        // Opened at 100, u1 responsible at as_of.
        dialog(1, [(at(100), customer), (at(100), assign(.user(1))), (at(150), reply(1))]),
        // Opened at 200, u1, no order.
        dialog(2, [(at(200), customer), (at(200), assign(.user(1)))]),
        // Opened at 1000, unassigned.
        dialog(3, [(at(1000), customer)]),
        // Opened before the period: not in the cohort.
        dialog(4, [(at(-100), customer), (at(-100), assign(.user(2)))]),
        // wa, held by the bot.
        dialog(5, channel: 2, [(at(50), customer), (at(50), assign(.bot(1)))]),
        // wa, unassigned, only a cancelled order.
        dialog(6, channel: 2, [(at(70), customer)]),
    ]

    static let orders = [
        // d1: partially paid 100.00, and a cancelled 50.00 created first (at 300): the first order.
        order(1, dialog: 1, by: 1, at: at(400), total: "100.00", paid: "40.00"),
        order(2, dialog: 1, by: 1, at: at(300), total: "50", status: "cancelled", paid: "50.00"),
        // d3: fully paid 30.00, created 600 s after the opening.
        order(3, dialog: 3, by: 2, at: at(1600), total: "30.00", status: "completed", paid: "30.00"),
        // d4 is not in the cohort, but u2 created this chat order in the period.
        order(4, dialog: 4, by: 2, at: at(500), total: "20.00"),
        // Not from a chat: in no figure.
        order(5, dialog: nil, channel: nil, by: 1, at: at(500), total: "999.00"),
        // After as_of: does not exist.
        order(6, dialog: 2, by: 1, at: at(90_000), total: "999.00"),
        // d5: 10.00 unpaid, 10 s after the opening.
        order(7, dialog: 5, channel: 2, by: 1, at: at(60), total: "10.00"),
        // d6: cancelled 5.00.
        order(8, dialog: 6, channel: 2, by: nil, at: at(70), total: "5.00", status: "cancelled"),
    ]

    @Test func cohortConversionWithCancellationAndPartialPayments() throws {
        let report = try Fixture().report(Self.dialogs, orders: Self.orders)
        #expect(
            report.orders.map(\.cells) == [
                // d1 + d2: 1 of 2 converted; orders 2 (cancelled counted); revenue and paid of o1
                // only; AOV 100.00 / 1; time to first order (o2) 300 − 100 = 200 s.
                ["tg", "main", "u1", "2", "1", "0.5000", "2", "100.00", "40.00", "100.00", "200.0"],
                ["tg", "main", "unassigned", "1", "1", "1.0000", "1", "30.00", "30.00", "30.00", "600.0"],
                ["wa", "main", "bot:b1", "1", "1", "1.0000", "1", "10.00", "0.00", "10.00", "10.0"],
                // Only a cancelled order: no average order value; the dialog still converted.
                ["wa", "main", "unassigned", "1", "1", "1.0000", "1", "0.00", "0.00", "", "0.0"],
            ]
        )
    }

    /// u1 created o1, o2, o7 in the period (o5 is not a chat order, o6 is after as_of):
    /// 3 orders, revenue 100.00 + 10.00 (o2 cancelled). u2: o3 and o4, 30.00 + 20.00.
    @Test func managersCountTheChatOrdersTheyCreated() throws {
        let report = try Fixture().report(Self.dialogs, orders: Self.orders)
        #expect(report.manager("u1")?.orders == 3)
        #expect(report.manager("u1")?.revenue == money("110.00"))
        #expect(report.manager("u2")?.orders == 2)
        #expect(report.manager("u2")?.revenue == money("50.00"))
    }

    /// Average order value rounds half away from zero to the cent: 100.00 / 3 = 33.33,
    /// 0.05 / 2 = 0.025 → 0.03.
    @Test func averageOrderValueRoundsToTheCent() throws {
        let thirds = try Fixture().report(
            [dialog(1, [(at(0), customer)])],
            orders: (1...3).map { order($0, dialog: 1, by: 1, at: at(10), total: $0 == 1 ? "100.00" : "0") }
        )
        #expect(thirds.orders.first?.averageOrderValue == money("33.33"))
        let halves = try Fixture().report(
            [dialog(1, [(at(0), customer)])],
            orders: [
                order(1, dialog: 1, by: 1, at: at(10), total: "0.05"),
                order(2, dialog: 1, by: 1, at: at(20), total: "0"),
            ]
        )
        #expect(halves.orders.first?.averageOrderValue?.description == "0.03")
        // Two converted dialogs' time to order: 10 s and 25 s → median 17.5 s.
        let median = try Fixture().report(
            [dialog(1, [(at(0), customer)]), dialog(2, [(at(0), customer)])],
            orders: [
                order(1, dialog: 1, by: 1, at: at(10), total: "1"),
                order(2, dialog: 2, by: 1, at: at(25), total: "1"),
            ]
        )
        #expect(median.orders.first?.timeToOrderMedian?.description == "17.5")
    }
}

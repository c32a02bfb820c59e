import Testing

@testable import ChatDomain

/// Values and sums beyond what the tables hold (`numeric(14, 2)`, `integer`) or what `Int64`
/// arithmetic survives: each is a rejected event naming its field, never a trap.
@Suite struct DomainStateRangeTests {
    typealias H = DomainHarness

    /// 999 999 999 999.99 in cents: the largest amount `numeric(14, 2)` holds.
    static let largestCents: Int64 = 99_999_999_999_999

    static func order(_ id: OrderID, _ items: [OrderLine], delivery: Money? = nil) -> EventPayload {
        .orderCreated(
            order: id,
            number: id.rawValue,
            dialog: nil,
            customer: "c1",
            by: .user("u1"),
            items: items,
            delivery: delivery.map { Delivery(type: "courier", cost: $0) }
        )
    }

    /// The largest quantity times the largest price is about 2 × 10²³ cents: far past `Int64`.
    @Test func lineAmountBeyondInt64IsRejectedNamingTheItem() {
        var h = H.world()
        let outcome = h.apply(
            10,
            Self.order("o1", [OrderLine(offer: "x", quantity: 2_147_483_647, price: Money(cents: Self.largestCents))])
        )
        #expect(outcome.rejection?.code == .invalidEvent)
        #expect(outcome.rejection?.message.hasPrefix(#"field "items[0]": "#) == true)
        #expect(h.state.orders["o1"] == nil)
    }

    /// Items at the largest amount plus 0.01 delivery: 1 000 000 000 000.00, one cent too many
    /// for the `orders.total` column. At the largest amount exactly, the order is accepted.
    @Test func orderTotalOfItemsPlusDeliveryMustFitTheMoneyColumns() {
        var h = H.world()
        let largest = Money(cents: Self.largestCents)
        let over = h.apply(
            10,
            Self.order("o1", [OrderLine(offer: "x", quantity: 1, price: largest)], delivery: Money(cents: 1))
        )
        #expect(over.rejection?.code == .invalidEvent)
        #expect(over.rejection?.message.hasPrefix(#"field "items[0]": "#) == true)
        let twoLines = h.apply(
            20,
            Self.order(
                "o2",
                [
                    OrderLine(offer: "x", quantity: 1, price: Money(cents: Self.largestCents - 5)),
                    OrderLine(offer: "y", quantity: 2, price: Money(cents: 3)),
                ]
            )
        )
        #expect(twoLines.rejection?.message.hasPrefix(#"field "items[1]": "#) == true)
        h.accept(30, Self.order("o3", [OrderLine(offer: "x", quantity: 1, price: largest)]))
        #expect(h.state.orders["o3"]?.total == largest)
    }

    /// Two paid payments of 600 000 000 000.00 would make the order's paid sum 1.2 × 10¹²: the
    /// second is rejected naming `amount`; as unpaid it is accepted (only paid ones add up).
    @Test func paidPaymentsMustNotAddUpBeyondTheLargestAmount() {
        var h = H.world()
        h.accept(10, Self.order("o1", [OrderLine(offer: "x", quantity: 1, price: Money(cents: 100))]))
        let big = Money(cents: 60_000_000_000_000)
        h.accept(20, .orderPayment(order: "o1", payment: "p1", method: "card", amount: big, paid: true))
        let second = h.apply(30, .orderPayment(order: "o1", payment: "p2", method: "card", amount: big, paid: true))
        #expect(second.rejection?.code == .invalidEvent)
        #expect(second.rejection?.message.hasPrefix(#"field "amount": "#) == true)
        #expect(h.state.orders["o1"]?.payments.count == 1)
        h.accept(40, .orderPayment(order: "o1", payment: "p2", method: "card", amount: big, paid: false))
        #expect(h.state.orders["o1"]?.paidAmount == big)
    }

    /// Attachment sizes adding up past `Int64` are over the 20 MB limit, not a trap.
    @Test func attachmentSizesBeyondInt64AreTooLargeNotATrap() {
        var h = H.world()
        h.receive(10, message: "m1")
        let huge = [
            MessageAttachment(name: "a", size: .max, mime: "x"), MessageAttachment(name: "b", size: 1, mime: "x"),
        ]
        #expect(h.reject(20, H.send("m2", by: .user("u1"), attachments: huge)) == .attachmentsTooLarge)
    }

    /// `processing_s` and `warning_s` are `integer` columns: 2 147 483 670 (a multiple of 30)
    /// is `invalid_time_limit` naming the field; 2 147 483 640, the largest multiple of 30 that
    /// fits, is accepted.
    @Test func timeLimitsBeyondTheIntegerColumnsAreInvalid() {
        var h = H.world()
        let over = h.apply(
            10,
            .timeLimits(by: .user("a"), channel: nil, warningSeconds: nil, processingSeconds: 2_147_483_670)
        )
        #expect(over.rejection?.code == .invalidTimeLimit)
        #expect(over.rejection?.message.hasPrefix("processing_s = 2147483670") == true)
        let warning = h.apply(
            20,
            .timeLimits(
                by: .user("a"),
                channel: nil,
                warningSeconds: 9_223_372_036_854_775_800,
                processingSeconds: 9_223_372_036_854_775_801
            )
        )
        #expect(warning.rejection?.code == .invalidTimeLimit)
        h.accept(
            30,
            .timeLimits(by: .user("a"), channel: nil, warningSeconds: 60, processingSeconds: 2_147_483_640)
        )
        #expect(h.state.timeLimit(for: "tg", at: H.time(30))?.processingSeconds == 2_147_483_640)
    }

    /// An auto-close time of `Int64.max` seconds would overflow when turned into microseconds
    /// at the next timer check: rejected `invalid_event` naming the field; 2 147 483 647 is
    /// the largest accepted.
    @Test func autoCloseTimeBeyondTheIntegerColumnIsRejectedNamingTheField() {
        var h = H.world()
        let over = h.apply(10, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(.max))))
        #expect(over.rejection?.code == .invalidEvent)
        #expect(over.rejection?.message.hasPrefix(#"field "auto_close_assigned_s": "#) == true)
        #expect(
            h.reject(11, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(2_147_483_648)))) == .invalidEvent
        )
        h.accept(12, H.settings(ChatSettingsPatch(autoCloseAssignedSeconds: .some(2_147_483_647))))
        h.receive(20, message: "m1")
        h.accept(30, H.assign(to: .user("u1"), by: .user("a")))
        #expect(h.state.autoCloseDeadline(of: "d1") == H.time(20 + 2_147_483_647))
        #expect(h.apply(40, .clockTick).facts.isEmpty)
    }
}

import Testing

@testable import SLAAnalytics

/// Order independence, exact merging and the channel filter.
@Suite struct SLAAccumulatorTests {
    /// Histories from the other suites with distinct keys (each dialog is fed exactly once).
    static var everything: [DialogHistory] {
        func shifted(_ dialogs: [DialogHistory], by offset: Int64) -> [DialogHistory] {
            dialogs.map {
                var copy = $0
                copy.key = DialogKey(rawValue: $0.key.rawValue + offset)
                copy.sourceID = "d\(copy.key.rawValue)"
                return copy
            }
        }
        // OrderConversionTests' dialogs keep their keys: its orders point at them.
        return shifted(WaitingEpisodeTests.everyDialog, by: 100) + shifted(ManagerWorkloadTests.dialogs, by: 200)
            + OrderConversionTests.dialogs
    }

    static var fixture: Fixture {
        var fixture = Fixture()
        fixture.asOf = at(100_000)
        return fixture
    }

    @Test func mergeOfTwoAccumulatorsEqualsOne() throws {
        let configuration = try Self.fixture.configuration()
        var single = SLAAccumulator(configuration: configuration)
        for dialog in Self.everything { single.add(dialog) }
        for order in OrderConversionTests.orders { single.add(order) }

        var left = SLAAccumulator(configuration: configuration)
        var right = SLAAccumulator(configuration: configuration)
        for (index, dialog) in Self.everything.reversed().enumerated() {
            if index % 2 == 0 { left.add(dialog) } else { right.add(dialog) }
        }
        // Both workers see every order: orders are kept by key, so they still count once.
        for order in OrderConversionTests.orders {
            left.add(order)
            right.add(order)
        }
        var presortedLeft = left
        var presortedRight = right
        var taking = right
        right.merge(left)
        let expected = single.report()
        let merged = right.report()
        #expect(merged == expected)
        // Workers may sort before merging (ReportPipeline does): the same report, also when
        // taken with the consuming finalReport().
        presortedLeft.presort()
        presortedRight.presort()
        var taken = presortedLeft
        presortedRight.merge(presortedLeft)
        #expect(presortedRight.report() == expected)
        #expect(presortedRight.finalReport() == expected)
        // merge(taking:) leaves the taken accumulator empty and gives the same report; so does
        // the final report of an accumulator merged without presorting.
        taking.merge(taking: &taken)
        #expect(taken.report() == SLAAccumulator(configuration: configuration).report())
        #expect(taking.finalReport() == expected)
        #expect(right.finalReport() == expected)
        #expect(!expected.breaches.isEmpty)
        #expect(!expected.orders.isEmpty)
        #expect(expected.managers.contains { $0.peakOpenDialogs > 0 })
    }

    @Test func inputOrderDoesNotMatter() throws {
        let forward = try Self.fixture.report(Self.everything, orders: OrderConversionTests.orders)
        let backward = try Self.fixture.report(
            Self.everything.reversed(),
            orders: OrderConversionTests.orders.reversed()
        )
        #expect(forward == backward)
    }

    /// With `--channel wa`, every file keeps only `wa`; managers keep a row per user but count
    /// only `wa` dialogs and orders.
    @Test func channelFilterLimitsEveryFile() throws {
        var fixture = Fixture()
        fixture.channelFilter = ["wa"]
        let report = try fixture.report(
            [
                dialog(1, [(at(0), customer), (at(200), reply(1))]),
                dialog(2, channel: 2, [(at(0), customer), (at(100), reply(1))]),
            ],
            orders: [
                order(1, dialog: 1, by: 1, at: at(10), total: "5.00"),
                order(2, dialog: 2, channel: 2, by: 1, at: at(10), total: "7.00"),
            ]
        )
        #expect(report.channels.map(\.channel) == ["wa"])
        #expect(report.breaches.map(\.dialog) == ["d2"])
        #expect(report.daily.map(\.channel) == ["wa"])
        #expect(report.orders.map(\.channel) == ["wa"])
        #expect(report.managers.map(\.user) == ["u1", "u2"])
        #expect(report.manager("u1")?.messagesSent == 1)
        #expect(report.manager("u1")?.orders == 1)
        #expect(report.manager("u1")?.revenue.description == "7.00")
    }

    @Test func reportHasEveryColumn() throws {
        let report = try Self.fixture.report(Self.everything, orders: OrderConversionTests.orders)
        #expect(report.channels.allSatisfy { $0.cells.count == ChannelRow.header.count })
        #expect(report.breaches.allSatisfy { $0.cells.count == BreachRow.header.count })
        #expect(report.managers.allSatisfy { $0.cells.count == ManagerRow.header.count })
        #expect(report.orders.allSatisfy { $0.cells.count == OrderConversionRow.header.count })
        #expect(report.daily.allSatisfy { $0.cells.count == DailyRow.header.count })
        #expect(report.breaches.map(\.cells) == report.breaches.map(\.cells).sorted { CodePointOrder.less($0, $1) })
    }
}

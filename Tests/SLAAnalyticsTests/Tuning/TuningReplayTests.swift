import ChatDomain
import Testing

@testable import SLAAnalytics

/// What-if replays: proposals against hand-computed histories, and the on-time target search
/// against a brute force over the engine.
@Suite struct TuningReplayTests {
    /// Six `tg` dialogs held by u1 under the fixture's default limits (warning 60 s, processing
    /// 120 s). Replies after 150, 200, 170, 90, 30 and 400 s: four overdue (d1, d2, d3, d6), one
    /// more warning (d4).
    static let dialogs: [DialogHistory] = [
        (1, 0, 150), (2, 1_000, 200), (3, 2_000, 170), (4, 3_000, 90), (5, 4_000, 30), (6, 5_000, 400),
    ].map { key, start, wait in
        dialog(key, [(at(start), assign(.user(1))), (at(start), customer), (at(start + wait), reply(1))])
    }

    @Test func proposalTurnsThreeOverdueEpisodesIntoWarnings() throws {
        let configuration = try Fixture().configuration()
        let replay = PeriodReplay(configuration: configuration, dialogs: Self.dialogs)
        let proposal = ["tg": LimitProposal(warningSeconds: 120, processingSeconds: 300)]
        let reports = replay.reports([configuration, configuration.proposing(proposal)])
        let comparison = TuneComparison(
            label: "p",
            limits: proposal,
            clockStart: nil,
            current: ReplayOutcome(reports[0]),
            proposed: ReplayOutcome(reports[1])
        )
        let tg = try #require(comparison.channels.first { $0.channel == "tg" })
        #expect(tg.episodes == 6)
        #expect((tg.currentWarningSeconds, tg.currentProcessingSeconds) == (60, 120))
        #expect((tg.proposedWarningSeconds, tg.proposedProcessingSeconds) == (120, 300))
        #expect((tg.warningNow, tg.overdueNow) == (5, 4))
        // d1, d2, d3 (150, 200, 170 s) drop from overdue to warning; d4 (90 s) is now on time.
        #expect((tg.warningProposed, tg.overdueProposed) == (4, 1))
        #expect(tg.cells[9] == "-1" && tg.cells[12] == "-3")
        let overdueLevels = reports[1].breaches.filter { ["d1", "d2", "d3"].contains($0.dialog) }.map(\.level)
        #expect(overdueLevels == [.warning, .warning, .warning])
        #expect(
            comparison.managers == [
                ManagerBreachChange(manager: "u1", level: .warning, appear: 0, disappear: 1),
                ManagerBreachChange(manager: "u1", level: .overdue, appear: 0, disappear: 3),
            ]
        )
    }

    @Test func replayOfTheRecordedLimitsIsTheReport() throws {
        let fixture = Fixture()
        let replayed = PeriodReplay(configuration: try fixture.configuration(), dialogs: Self.dialogs)
            .reports([try fixture.configuration()])[0]
        #expect(replayed == (try fixture.report(Self.dialogs)))
    }

    @Test func proposalOnOneChannelLeavesTheOthersAsRecorded() throws {
        let configuration = try Fixture().configuration()
        let moved = Self.dialogs.map { dialog -> DialogHistory in
            var copy = dialog
            if dialog.key.rawValue > 3 { copy.channel = 2 }
            return copy
        }
        let replay = PeriodReplay(configuration: configuration, dialogs: moved)
        let reports = replay.reports([
            configuration, configuration.proposing(["tg": LimitProposal(warningSeconds: nil, processingSeconds: 600)]),
        ])
        #expect(reports[0].channel("wa") == reports[1].channel("wa"))
        #expect(reports[1].channel("tg")?.reachedOverdue == 0)
        #expect(reports[1].channel("tg")?.reachedWarning == 0)
        #expect(reports[1].channel("tg")?.warningSeconds == nil)
    }

    /// Deterministic bursts: customer messages, silences, replies, closes and open episodes.
    static func randomDialogs(count: Int, seed: UInt64) -> [DialogHistory] {
        var state = seed
        func next(_ bound: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { index in
            var time = next(40_000)
            var events: [(Int64, DialogFact.Event)] = [(at(time), assign(.user(UserKey(rawValue: 1 + next(2)))))]
            for _ in 0..<(1 + next(3)) {
                for _ in 0..<(1 + next(3)) {
                    events.append((at(time), customer))
                    time += next(400)
                }
                switch next(40) {
                case 0: events.append((at(time), close(.user(1))))
                case 1: break
                default: events.append((at(time) + next(1_000_000), reply(1 + next(2))))
                }
                time += next(2_000)
            }
            return dialog(Int64(index + 1), channel: ChannelKey(rawValue: 1 + next(2)), events)
        }
    }

    @Test(arguments: [PolicySetting.ClockStart.lastCustomerMessage, .firstUnanswered], ["0.5", "0.9", "95%"])
    func targetSearchFindsTheSmallestMultipleOfThirtySeconds(policy: PolicySetting.ClockStart, share: String) throws {
        var fixture = Fixture()
        fixture.asOf = at(40_500)
        fixture.usePolicy(policy)
        let configuration = try fixture.configuration()
        let dialogs = Self.randomDialogs(count: 240, seed: 11)
        let replay = PeriodReplay(configuration: configuration, dialogs: dialogs)
        let samples = replay.reports([configuration])[0].waitSamples
        let target = try #require(OnTimeTarget(parsing: share))
        let found = OnTimeTarget.proposal(samples: samples, warning: target, processing: target)

        // Brute force: replay the multiples of 30 s as the processing limit (no warning), from 30 s
        // up, until the share of episodes not overdue meets the target.
        for channel in ["tg", "wa"] {
            let episodes = try #require(samples.first { $0.channel == channel }).episodes
            #expect(episodes > 80)
            var smallest: Int64 = 30
            while true {
                let proposal = LimitProposal(warningSeconds: nil, processingSeconds: smallest)
                let row = replay.reports([configuration.proposing([channel: proposal])])[0].channel(channel)
                if target.isMet(kept: episodes - (row?.reachedOverdue ?? 0), of: episodes) { break }
                smallest += 30
            }
            let proposal = try #require(found[channel])
            #expect(proposal.warningSeconds == smallest, "\(channel) \(policy) \(share)")
            #expect(proposal.processingSeconds == smallest + 30, "\(channel): processing is above warning")
        }
        // The engine agrees with the found limits: the targets hold on replay.
        let verified = replay.reports([configuration.proposing(found)])[0]
        for row in verified.channels {
            #expect(target.isMet(kept: row.episodes - row.reachedWarning, of: row.episodes))
            #expect(target.isMet(kept: row.episodes - row.reachedOverdue, of: row.episodes))
        }
    }

    /// `outcomes` walks each dialog once per clock policy, with every candidate's limits side by
    /// side; each candidate's figures must be those of a replay under it alone.
    @Test func candidatesWalkedSideBySideEqualEachReplayedAlone() throws {
        var fixture = Fixture()
        fixture.asOf = at(40_500)
        let configuration = try fixture.configuration()
        let dialogs = Self.randomDialogs(count: 300, seed: 5)
        let replay = PeriodReplay(configuration: configuration, dialogs: dialogs)
        let candidates: [[String: LimitProposal]] = [
            ["tg": LimitProposal(warningSeconds: 30, processingSeconds: 60)],
            [
                "tg": LimitProposal(warningSeconds: nil, processingSeconds: 300),
                "wa": LimitProposal(warningSeconds: 90, processingSeconds: 120),
            ],
            ["wa": LimitProposal(warningSeconds: 600, processingSeconds: 1_200)],
        ]
        let configurations =
            [configuration] + candidates.map { configuration.proposing($0) }
            + candidates.map { configuration.proposing($0, clockStart: .firstUnanswered) }
        let together = replay.outcomes(configurations, withSamples: true)
        #expect(together.count == configurations.count)
        for (index, alone) in configurations.enumerated() {
            let report = replay.reports([alone])[0]
            let expected = ReplayOutcome(report)
            #expect(together[index].channels == expected.channels, "configuration \(index)")
            #expect(Set(together[index].breaches) == Set(expected.breaches), "configuration \(index)")
            #expect(together[index].breaches.count == expected.breaches.count, "configuration \(index)")
            #expect(together[index].waitSamples.map(\.peakClocks) == expected.waitSamples.map(\.peakClocks))
        }
        // The candidates do change the figures (the check above compares something).
        #expect(together[1].channels != together[0].channels)
        #expect(together[4].channels != together[1].channels)
    }

    @Test func peakClockDecidesEveryLevelExactly() throws {
        let configuration = try Fixture().configuration()
        let dialogs = Self.randomDialogs(count: 200, seed: 3)
        let replay = PeriodReplay(configuration: configuration, dialogs: dialogs)
        let samples = try #require(replay.reports([configuration])[0].waitSamples.first { $0.channel == "tg" })
        for limit: Int64 in [30, 60, 90, 300, 600, 1_200] {
            let report = replay.reports([
                configuration.proposing(["tg": LimitProposal(warningSeconds: nil, processingSeconds: limit)])
            ])[0]
            #expect(report.channel("tg")?.reachedOverdue == samples.peakClocks.filter { $0 >= limit * 1_000_000 }.count)
        }
    }

    @Test func waitSamplesHoldEveryAnsweredWaitSorted() throws {
        let report = try Fixture().report(Self.dialogs)
        let tg = try #require(report.waitSamples.first { $0.channel == "tg" })
        #expect(tg.episodes == 6)
        #expect(tg.answeredWaits == [30, 90, 150, 170, 200, 400].map { Int64($0) * 1_000_000 })
        // A reply after 150 s reaches every limit up to 150 s minus 1 µs (a reply at the limit is on time).
        let peaks: [Int64] = [30, 90, 150, 170, 200, 400].map { Int64($0) * 1_000_000 - 1 }
        #expect(tg.peakClocks == peaks)
    }
}

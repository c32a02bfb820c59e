/// What a tuning replay keeps: per channel counts and limits, and the breach rows (unsorted).
///
/// Lighter than an ``SLAReport``: no percentile, no sorting or formatting of rows, so replaying
/// many candidates costs little more than walking the dialogs.
public struct ReplayOutcome: Sendable, Hashable {
    public struct Channel: Sendable, Hashable {
        public var channel: String
        public var episodes: Int
        public var reachedWarning: Int
        public var reachedOverdue: Int
        /// Limits in effect at min(`as_of`, period end), as in `channels.csv`.
        public var warningSeconds: Int64?
        public var processingSeconds: Int64?
    }

    /// Included channels, in source-id order (code points).
    public var channels: [Channel]
    public var breaches: [BreachRow]
    /// Filled only when asked for (the target search needs the peak clocks).
    public var waitSamples: [ChannelWaitSamples]

    /// The same figures taken from a full report.
    public init(_ report: SLAReport) {
        channels = report.channels.map {
            Channel(
                channel: $0.channel,
                episodes: $0.episodes,
                reachedWarning: $0.reachedWarning,
                reachedOverdue: $0.reachedOverdue,
                warningSeconds: $0.warningSeconds,
                processingSeconds: $0.processingSeconds
            )
        }
        breaches = report.breaches
        waitSamples = report.waitSamples
    }

    /// The outcomes of an accumulator fed every dialog: its own configuration's first, then one
    /// per alternative (``SLAAccumulator/init(configuration:alternatives:)``), in order.
    /// - Parameters:
    ///   - accumulator: fed every dialog of the period.
    ///   - withSamples: keep the sorted peak clocks (they depend on the clock policy only, so
    ///     every outcome carries the same samples).
    /// - Returns: the primary configuration's outcome, then the alternatives'.
    /// - Complexity: O(channels + breaches) per outcome, plus sorting the samples once.
    static func outcomes(_ accumulator: SLAAccumulator, withSamples: Bool) -> [ReplayOutcome] {
        let configuration = accumulator.configuration
        var samples: [ChannelWaitSamples] = []
        if withSamples {
            let perChannel = configuration.channels.indices.compactMap { slot -> ChannelWaitSamples? in
                guard configuration.channelIncluded[slot] else { return nil }
                let tally = accumulator.channelTallies[slot]
                return ChannelWaitSamples(
                    channel: configuration.channels[slot].sourceID,
                    episodes: tally.episodes,
                    answeredWaits: [],
                    peakClocks: tally.peakClocks.sorted()
                )
            }
            samples = CodePointOrder.sorted(perChannel, cells: { [$0.channel] })
        }
        let tallies = accumulator.channelTallies
        var outcomes = [
            ReplayOutcome(
                configuration,
                episodes: tallies.map(\.episodes),
                reachedWarning: tallies.map(\.reachedWarning),
                reachedOverdue: tallies.map(\.reachedOverdue),
                breaches: accumulator.breaches,
                waitSamples: samples
            )
        ]
        for alternative in accumulator.alternatives {
            outcomes.append(
                ReplayOutcome(
                    alternative.configuration,
                    episodes: tallies.map(\.episodes),
                    reachedWarning: alternative.reachedWarning,
                    reachedOverdue: alternative.reachedOverdue,
                    breaches: alternative.breaches,
                    waitSamples: samples
                )
            )
        }
        return outcomes
    }

    /// Per channel slot counts under `configuration`, as rows of the included channels.
    private init(
        _ configuration: ReportConfiguration,
        episodes: [Int],
        reachedWarning: [Int],
        reachedOverdue: [Int],
        breaches: [BreachRow],
        waitSamples: [ChannelWaitSamples]
    ) {
        let rows = configuration.channels.indices.compactMap { slot -> Channel? in
            guard configuration.channelIncluded[slot] else { return nil }
            let limits = configuration.reportedLimits(channelSlot: slot)
            return Channel(
                channel: configuration.channels[slot].sourceID,
                episodes: episodes[slot],
                reachedWarning: reachedWarning[slot],
                reachedOverdue: reachedOverdue[slot],
                warningSeconds: limits?.warning.map { $0 / 1_000_000 },
                processingSeconds: limits.map { $0.processing / 1_000_000 }
            )
        }
        channels = CodePointOrder.sorted(rows, cells: { [$0.channel] })
        self.breaches = breaches
        self.waitSamples = waitSamples
    }
}

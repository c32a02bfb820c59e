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

    /// Taken from an accumulator fed every dialog.
    /// - Complexity: O(channels + breaches), plus sorting the samples when `withSamples`.
    init(_ accumulator: SLAAccumulator, withSamples: Bool) {
        let configuration = accumulator.configuration
        let rows = configuration.channels.indices.compactMap { slot -> Channel? in
            guard configuration.channelIncluded[slot] else { return nil }
            let tally = accumulator.channelTallies[slot]
            let limits = configuration.reportedLimits(channelSlot: slot)
            return Channel(
                channel: configuration.channels[slot].sourceID,
                episodes: tally.episodes,
                reachedWarning: tally.reachedWarning,
                reachedOverdue: tally.reachedOverdue,
                warningSeconds: limits?.warning.map { $0 / 1_000_000 },
                processingSeconds: limits.map { $0.processing / 1_000_000 }
            )
        }
        channels = CodePointOrder.sorted(rows, cells: { [$0.channel] })
        breaches = accumulator.breaches
        waitSamples = []
        if withSamples {
            let samples = configuration.channels.indices.compactMap { slot -> ChannelWaitSamples? in
                guard configuration.channelIncluded[slot] else { return nil }
                let tally = accumulator.channelTallies[slot]
                return ChannelWaitSamples(
                    channel: configuration.channels[slot].sourceID,
                    episodes: tally.episodes,
                    answeredWaits: [],
                    peakClocks: tally.peakClocks.sorted()
                )
            }
            waitSamples = CodePointOrder.sorted(samples, cells: { [$0.channel] })
        }
    }
}

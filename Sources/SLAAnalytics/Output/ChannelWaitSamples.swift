/// One channel's per-episode duration samples, sorted ascending, in µs.
///
/// `answeredWaits` holds `wait_s` of every answered episode (the share answered within t is
/// `count(wait <= t) / episodes`); `peakClocks` holds, per episode, the largest limit it reaches:
/// a level with limit `L` (µs) is reached iff `L <= peakClock`, so one replay answers every
/// candidate limit under the same `clock_start` policy.
public struct ChannelWaitSamples: Sendable, Hashable {
    public var channel: String
    public var episodes: Int
    public var answeredWaits: [Int64]
    public var peakClocks: [Int64]

    public init(channel: String, episodes: Int, answeredWaits: [Int64], peakClocks: [Int64]) {
        self.channel = channel
        self.episodes = episodes
        self.answeredWaits = answeredWaits
        self.peakClocks = peakClocks
    }
}

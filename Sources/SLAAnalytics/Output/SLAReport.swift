/// The five tables of a report, each sorted by its cells (first column, then the next, by code
/// points).
public struct SLAReport: Sendable, Hashable {
    public var channels: [ChannelRow]
    public var breaches: [BreachRow]
    public var managers: [ManagerRow]
    public var orders: [OrderConversionRow]
    public var daily: [DailyRow]
    /// Per-channel duration samples behind the figures (not a CSV file): the wait chart and
    /// `chatsla tune` read them.
    public var waitSamples: [ChannelWaitSamples]

    public init(
        channels: [ChannelRow],
        breaches: [BreachRow],
        managers: [ManagerRow],
        orders: [OrderConversionRow],
        daily: [DailyRow],
        waitSamples: [ChannelWaitSamples] = []
    ) {
        self.channels = channels
        self.breaches = breaches
        self.managers = managers
        self.orders = orders
        self.daily = daily
        self.waitSamples = waitSamples
    }
}

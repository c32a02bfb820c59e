/// The five tables of a report, each sorted by its cells (first column, then the next, by code
/// points).
public struct SLAReport: Sendable, Hashable {
    public var channels: [ChannelRow]
    public var breaches: [BreachRow]
    public var managers: [ManagerRow]
    public var orders: [OrderConversionRow]
    public var daily: [DailyRow]

    public init(
        channels: [ChannelRow],
        breaches: [BreachRow],
        managers: [ManagerRow],
        orders: [OrderConversionRow],
        daily: [DailyRow]
    ) {
        self.channels = channels
        self.breaches = breaches
        self.managers = managers
        self.orders = orders
        self.daily = daily
    }
}

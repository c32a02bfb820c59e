/// The metrics engine: fed dialogs and orders one at a time, in any order, it keeps only what
/// the report needs (counts, duration samples, breach rows, per-user open-count deltas, the
/// conversion cohort) and produces an ``SLAReport``.
///
/// Two accumulators over disjoint sets of dialogs merge exactly: the merged report equals the
/// report of one accumulator fed everything. Orders are kept by key, so an order given to both
/// workers still counts once.
///
/// ```swift
/// var left = SLAAccumulator(configuration: configuration)
/// var right = SLAAccumulator(configuration: configuration)
/// for dialog in firstHalf { left.add(dialog) }
/// for dialog in secondHalf { right.add(dialog) }
/// for order in orders { left.add(order) }
/// left.merge(right)
/// let report = left.report()
/// ```
public struct SLAAccumulator: Sendable {
    public let configuration: ReportConfiguration
    var channelTallies: [ChannelTally]
    var userTallies: [UserTally]
    /// Keyed by `dayIndex * channels.count + channelSlot`.
    var dailyTallies: [Int: DailyTally] = [:]
    var breaches: [BreachRow] = []
    var cohort: [DialogKey: CohortDialog] = [:]
    var orders: [OrderKey: OrderRecord] = [:]

    public init(configuration: ReportConfiguration) {
        self.configuration = configuration
        channelTallies = Array(repeating: ChannelTally(), count: configuration.channels.count)
        userTallies = Array(repeating: UserTally(), count: configuration.users.count)
    }

    /// Adds an order. Orders not created from a chat, and orders created after `as_of`, are in no
    /// figure and are dropped here.
    /// - Complexity: amortized O(1).
    public mutating func add(_ order: OrderRecord) {
        guard order.dialog != nil, order.createdAt <= configuration.parameters.asOf else { return }
        orders[order.key] = order
    }

    /// Folds in an accumulator built from the same configuration over other dialogs.
    /// - Complexity: O(size of `other`).
    public mutating func merge(_ other: SLAAccumulator) {
        for slot in channelTallies.indices where slot < other.channelTallies.count {
            channelTallies[slot].merge(other.channelTallies[slot])
        }
        for slot in userTallies.indices where slot < other.userTallies.count {
            userTallies[slot].merge(other.userTallies[slot])
        }
        dailyTallies.merge(other.dailyTallies) { mine, theirs in
            var merged = mine
            merged.merge(theirs)
            return merged
        }
        breaches += other.breaches
        cohort.merge(other.cohort) { mine, _ in mine }
        orders.merge(other.orders) { mine, _ in mine }
    }
}

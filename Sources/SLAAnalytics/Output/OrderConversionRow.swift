import ChatDomain

/// One row of `orders.csv`: conversion of the period's dialog cohort per channel, store and
/// responsible at `as_of`.
public struct OrderConversionRow: Sendable, Hashable {
    public static let header = [
        "channel", "store", "user", "dialogs", "converted_dialogs", "conversion_rate", "orders", "revenue",
        "paid_revenue", "average_order_value", "time_to_order_median_s",
    ]

    /// The channel's source id.
    public var channel: String
    /// The source id of the store the channel is mapped to.
    public var store: String
    /// The dialogs' responsible at `as_of`: user source id, `bot:<id>` or `unassigned`.
    public var user: String
    public var dialogs: Int
    public var convertedDialogs: Int
    public var conversionRate: Rate?
    /// Orders created from these dialogs by `as_of`, cancelled ones included.
    public var orders: Int
    /// Totals of the orders not cancelled.
    public var revenue: Money
    /// Paid payments of the orders not cancelled.
    public var paidRevenue: Money
    /// Revenue / orders not cancelled; `nil` without such orders.
    public var averageOrderValue: Money?
    /// Median over converted dialogs of (first order's creation − dialog opening).
    public var timeToOrderMedian: TenthsOfSecond?

    public init(
        channel: String,
        store: String,
        user: String,
        dialogs: Int,
        convertedDialogs: Int,
        conversionRate: Rate?,
        orders: Int,
        revenue: Money,
        paidRevenue: Money,
        averageOrderValue: Money?,
        timeToOrderMedian: TenthsOfSecond?
    ) {
        self.channel = channel
        self.store = store
        self.user = user
        self.dialogs = dialogs
        self.convertedDialogs = convertedDialogs
        self.conversionRate = conversionRate
        self.orders = orders
        self.revenue = revenue
        self.paidRevenue = paidRevenue
        self.averageOrderValue = averageOrderValue
        self.timeToOrderMedian = timeToOrderMedian
    }

    public var cells: [String] {
        [
            channel, store, user, String(dialogs), String(convertedDialogs), conversionRate.cell, String(orders),
            revenue.description, paidRevenue.description, averageOrderValue.cell, timeToOrderMedian.cell,
        ]
    }
}

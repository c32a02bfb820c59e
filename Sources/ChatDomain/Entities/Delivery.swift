/// How an order is delivered and what delivery costs.
public struct Delivery: Hashable, Sendable {
    public var type: String?
    public var cost: Money

    public init(type: String?, cost: Money) {
        self.type = type
        self.cost = cost
    }
}

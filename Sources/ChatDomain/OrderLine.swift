/// One item of an order: an offer, how many, and the unit price.
public struct OrderLine: Hashable, Sendable {
    public var offer: String
    public var quantity: Int64
    public var price: Money

    public init(offer: String, quantity: Int64, price: Money) {
        self.offer = offer
        self.quantity = quantity
        self.price = price
    }

    /// `quantity × price`.
    public var amount: Money { price.times(quantity) }
}

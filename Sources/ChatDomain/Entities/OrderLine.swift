/// One item of an order: an offer, how many, and the unit price.
public struct OrderLine: Hashable, Sendable {
    public var offer: String
    public var quantity: Int64
    public var price: Money

    /// The largest quantity of one item: what the `integer` column `order_items.quantity` holds.
    public static let maximumQuantity = Int64(Int32.max)

    public init(offer: String, quantity: Int64, price: Money) {
        self.offer = offer
        self.quantity = quantity
        self.price = price
    }

    /// `quantity × price`; `nil` when it would exceed ``Money/maximum``.
    public var amount: Money? { price.times(quantity) }
}

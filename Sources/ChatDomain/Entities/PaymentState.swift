/// A payment of an order; a later `order.payment` with the same id replaces it.
public struct PaymentState: Hashable, Sendable {
    public var id: PaymentID
    public var method: String?
    public var amount: Money
    public var paid: Bool

    public init(id: PaymentID, method: String?, amount: Money, paid: Bool) {
        self.id = id
        self.method = method
        self.amount = amount
        self.paid = paid
    }
}

/// What the rules need to know about an order.
public struct OrderState: Hashable, Sendable {
    public var id: OrderID
    public var number: String
    public var dialog: DialogID?
    public var customer: CustomerID?
    public var store: StoreID?
    /// Σ quantity × price + delivery cost.
    public var total: Money
    /// The last status, `nil` before any `order.status`.
    public var status: String?
    public var payments: [PaymentState]

    public init(
        id: OrderID,
        number: String,
        dialog: DialogID?,
        customer: CustomerID?,
        store: StoreID?,
        total: Money,
        status: String? = nil,
        payments: [PaymentState] = []
    ) {
        self.id = id
        self.number = number
        self.dialog = dialog
        self.customer = customer
        self.store = store
        self.total = total
        self.status = status
        self.payments = payments
    }

    /// The sum of the payments marked paid (the rules keep it within ``Money/maximum``).
    public var paidAmount: Money { checkedPaidAmount ?? .maximum }

    /// The sum of the payments marked paid, or `nil` when it would exceed ``Money/maximum``.
    public var checkedPaidAmount: Money? {
        var sum = Money.zero
        for payment in payments where payment.paid {
            guard let next = sum.adding(payment.amount) else { return nil }
            sum = next
        }
        return sum
    }

    public var paymentStatus: PaymentStatus { PaymentStatus(paid: paidAmount, total: total) }

    /// `completed` and `cancelled` are final: hidden from the chat widget, yet they may still change.
    public var isFinal: Bool { status == "completed" || status == "cancelled" }
}

/// How much of an order is paid: nothing, part of it, or all of it (paid payments vs the total).
public enum PaymentStatus: String, CaseIterable, Hashable, Sendable {
    case none
    case partial
    case full

    /// The status for `paid` money against an order `total`.
    ///
    /// An order with a zero total is `none` until something is paid, then `full`.
    public init(paid: Money, total: Money) {
        if paid.cents <= 0 {
            self = .none
        } else if paid >= total {
            self = .full
        } else {
            self = .partial
        }
    }
}

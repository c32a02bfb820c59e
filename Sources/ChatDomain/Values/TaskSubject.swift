/// What a task is bound to: an order or a customer.
public enum TaskSubject: Hashable, Sendable {
    case order(OrderID)
    case customer(CustomerID)
}

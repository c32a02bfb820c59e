/// The level an episode reached; `breaches.csv` prints the highest.
public enum BreachLevel: String, Sendable, Hashable, Comparable {
    case warning
    case overdue

    public static func < (lhs: BreachLevel, rhs: BreachLevel) -> Bool { lhs == .warning && rhs == .overdue }
}

/// A dialog with a customer, or an internal manager-to-manager thread (never in SLA figures).
public enum DialogKind: String, CaseIterable, Hashable, Sendable {
    case customer
    case `internal`
}

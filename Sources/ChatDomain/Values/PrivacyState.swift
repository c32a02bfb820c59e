/// Where a dialog stands with the privacy policy.
public enum PrivacyState: Hashable, Sendable {
    /// The policy did not apply when the dialog was created.
    case notRequired
    /// Held until the customer accepts: invisible to managers, outside every SLA figure.
    case pending
    /// Accepted at this instant; the dialog behaves as new from then on.
    case accepted(at: Int64)
}

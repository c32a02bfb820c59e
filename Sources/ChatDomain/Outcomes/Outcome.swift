/// What applying one event did: the facts to store, or why the event was rejected.
public enum Outcome: Hashable, Sendable {
    case accepted([StoredFact])
    case rejected(Rejection)

    /// The facts of an accepted event, empty for a rejected one.
    public var facts: [StoredFact] {
        if case .accepted(let facts) = self { return facts }
        return []
    }

    /// The rejection, when there is one.
    public var rejection: Rejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }
}

/// One thing the database must record, stamped with the ingestion sequence number and its instant.
///
/// The facts of one outcome are in order; a store that keeps `(seq, position in the outcome)`
/// keeps the ingestion order the metrics need for equal timestamps. Automatic closes carry
/// the deadline as `at`, which can be earlier than the event that materialised them.
public struct StoredFact: Hashable, Sendable {
    /// The global ingestion sequence number of the event that produced the fact.
    public var seq: Int64
    /// When the fact happened, microseconds since the Unix epoch (UTC).
    public var at: Int64
    public var fact: Fact

    public init(seq: Int64, at: Int64, fact: Fact) {
        self.seq = seq
        self.at = at
        self.fact = fact
    }
}

/// The facts of one event as they are produced, with the event's sequence number and instant.
struct ApplyContext {
    let seq: Int64
    let at: Int64
    var facts: [StoredFact] = []

    init(seq: Int64, at: Int64) {
        self.seq = seq
        self.at = at
    }

    mutating func add(_ fact: Fact, at instant: Int64? = nil) {
        facts.append(StoredFact(seq: seq, at: instant ?? at, fact: fact))
    }
}

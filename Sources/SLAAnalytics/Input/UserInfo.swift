/// A user (manager) from the lookup table.
public struct UserInfo: Sendable, Hashable {
    public var key: UserKey
    /// The id the source system uses; this is what reports print.
    public var sourceID: String
    public var name: String
    /// The instant (µs since the Unix epoch) the user was first stored. A user exists for a
    /// report, and gets a `managers.csv` row, when `knownFrom <= asOf`.
    public var knownFrom: Int64

    public init(key: UserKey, sourceID: String, name: String, knownFrom: Int64) {
        self.key = key
        self.sourceID = sourceID
        self.name = name
        self.knownFrom = knownFrom
    }
}

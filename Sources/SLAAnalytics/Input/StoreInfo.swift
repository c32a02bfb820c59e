/// A store from the lookup table.
public struct StoreInfo: Sendable, Hashable {
    public var key: StoreKey
    /// The id the source system uses; this is what reports print.
    public var sourceID: String
    public var name: String

    public init(key: StoreKey, sourceID: String, name: String) {
        self.key = key
        self.sourceID = sourceID
        self.name = name
    }
}

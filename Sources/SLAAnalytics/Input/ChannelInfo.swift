/// A channel from the lookup table: its surrogate key, the source's id, its name and its store.
public struct ChannelInfo: Sendable, Hashable {
    public var key: ChannelKey
    /// The id the source system uses; this is what reports print.
    public var sourceID: String
    public var name: String
    /// The store the channel is mapped to; chat orders and `orders.csv` rows attach to it.
    public var store: StoreKey

    public init(key: ChannelKey, sourceID: String, name: String, store: StoreKey) {
        self.key = key
        self.sourceID = sourceID
        self.name = name
        self.store = store
    }
}

/// A messenger channel and the store it is mapped to (`nil` until mapped).
public struct ChannelState: Hashable, Sendable {
    public var id: ChannelID
    public var name: String
    public var kind: ChannelKind
    public var store: StoreID?

    public init(id: ChannelID, name: String, kind: ChannelKind, store: StoreID?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.store = store
    }
}

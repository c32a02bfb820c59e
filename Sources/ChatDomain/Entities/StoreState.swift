/// A store; chat orders attach to the store of their dialog's channel.
public struct StoreState: Hashable, Sendable {
    public var id: StoreID
    public var name: String

    public init(id: StoreID, name: String) {
        self.id = id
        self.name = name
    }
}

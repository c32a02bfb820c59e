/// A bot (auto-distribution or chat bot).
public struct BotState: Hashable, Sendable {
    public var id: BotID
    public var name: String

    public init(id: BotID, name: String) {
        self.id = id
        self.name = name
    }
}

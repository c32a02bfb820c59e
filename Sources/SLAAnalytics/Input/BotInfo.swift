/// A bot from the lookup table (auto-distribution bots, chat bots).
public struct BotInfo: Sendable, Hashable {
    public var key: BotKey
    /// The id the source system uses; reports print it as `bot:<sourceID>`.
    public var sourceID: String
    public var name: String

    public init(key: BotKey, sourceID: String, name: String) {
        self.key = key
        self.sourceID = sourceID
        self.name = name
    }
}

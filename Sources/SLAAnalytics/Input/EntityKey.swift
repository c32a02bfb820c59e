/// A dense surrogate key assigned by the database, typed by the entity it names so a dialog key
/// can never be passed where a user key is expected.
///
/// ```swift
/// let user: UserKey = 7
/// let dialog = DialogKey(rawValue: 7)   // a different type: `user == dialog` does not compile
/// ```
public struct EntityKey<Entity>: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: Int64) {
        self.rawValue = value
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: EntityKey, rhs: EntityKey) -> Bool { lhs.rawValue < rhs.rawValue }
}

public typealias ChannelKey = EntityKey<KeyTag.Channel>
public typealias StoreKey = EntityKey<KeyTag.Store>
public typealias UserKey = EntityKey<KeyTag.User>
public typealias BotKey = EntityKey<KeyTag.Bot>
public typealias DialogKey = EntityKey<KeyTag.Dialog>
public typealias OrderKey = EntityKey<KeyTag.Order>

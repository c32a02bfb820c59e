/// A typed identifier: a raw id tagged with the entity it names, so a dialog id can never be
/// passed where a user id is expected (the model is pointfreeco's `Tagged<Tag, RawValue>`).
///
/// One type serves both kinds of identifier the engine handles: the source's own id strings
/// (`DialogID`, `UserID`, …: plain strings on the wire and in the database) and the dense
/// surrogate keys the database assigns (`DialogKey`, `UserKey`, … in SLAAnalytics). Both
/// share the tags of ``EntityTag``, so `ChannelID` and `ChannelKey` name the same entity and
/// are still two types.
///
/// ```swift
/// let dialog: DialogID = "d-17"
/// dialog.rawValue                      // "d-17"
/// let key = EntityID<EntityTag.Dialog, Int64>(rawValue: 7)
/// // dialog == key                     // does not compile: other raw value
/// ```
public struct EntityID<Tag, RawValue: EntityIDRawValue>: RawRepresentable, Hashable, Comparable, Sendable,
    CustomStringConvertible
{
    /// The source's id string, or the database's key.
    public var rawValue: RawValue

    @inlinable
    public init(rawValue: RawValue) {
        self.rawValue = rawValue
    }

    @inlinable
    public init(_ rawValue: RawValue) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue.description }

    @inlinable
    public static func == (lhs: EntityID, rhs: EntityID) -> Bool { lhs.rawValue == rhs.rawValue }

    @inlinable
    public func hash(into hasher: inout Hasher) { rawValue.hash(into: &hasher) }

    /// Strings in byte order (PostgreSQL's `C` collation), keys in numeric order.
    @inlinable
    public static func < (lhs: EntityID, rhs: EntityID) -> Bool { RawValue.precedes(lhs.rawValue, rhs.rawValue) }
}

extension EntityID: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral,
    ExpressibleByStringLiteral
where RawValue == String {
    @inlinable
    public init(stringLiteral value: String) {
        self.rawValue = value
    }
}

extension EntityID: ExpressibleByIntegerLiteral where RawValue == Int64 {
    @inlinable
    public init(integerLiteral value: Int64) {
        self.rawValue = value
    }
}

/// What an ``EntityID`` can wrap: the source's id strings and the database's integer keys.
public protocol EntityIDRawValue: Hashable, Sendable, CustomStringConvertible {
    /// The order of two identifiers.
    static func precedes(_ lhs: Self, _ rhs: Self) -> Bool
}

extension String: EntityIDRawValue {
    /// Byte order of the UTF-8 text, as PostgreSQL's `C` collation sorts ids.
    @inlinable
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool { lhs.utf8.lexicographicallyPrecedes(rhs.utf8) }
}

extension Int64: EntityIDRawValue {
    @inlinable
    public static func precedes(_ lhs: Int64, _ rhs: Int64) -> Bool { lhs < rhs }
}

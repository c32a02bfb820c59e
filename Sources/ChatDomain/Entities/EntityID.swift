/// A typed identifier: the source's own id string, tagged with the entity it names.
///
/// A dialog id can never be passed where a user id is expected, yet both stay plain strings
/// on the wire and in the database.
///
/// ```swift
/// let dialog: DialogID = "d-17"
/// dialog.rawValue   // "d-17"
/// ```
public struct EntityID<Tag>: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The source's id string.
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: EntityID, rhs: EntityID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}

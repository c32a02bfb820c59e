import Foundation

/// An IANA time zone under the name the user gave it.
///
/// Foundation names the zone `UTC` "GMT": pages, files and settings show ``identifier``, the
/// user's spelling, and the calendar arithmetic uses ``foundation``.
///
/// ```swift
/// let zone = NamedTimeZone("UTC")   // identifier "UTC", foundation.identifier "GMT"
/// NamedTimeZone("Mars/Olympus")     // nil
/// ```
public struct NamedTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// The name as given (`UTC`, `Europe/Kyiv`).
    public let identifier: String
    /// The zone that name resolves to.
    public let foundation: TimeZone

    /// The zone named `identifier`, or `nil` when the system's zone database does not know it.
    public init?(_ identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.foundation = zone
    }

    /// `UTC`.
    public static let utc = NamedTimeZone(identifier: "UTC", foundation: .gmt)

    private init(identifier: String, foundation: TimeZone) {
        self.identifier = identifier
        self.foundation = foundation
    }

    public var description: String { identifier }
}

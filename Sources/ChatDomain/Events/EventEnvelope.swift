/// One decoded event: its id, type, instant and typed payload, with its canonical text.
///
/// Two lines that differ only in white space, member order, string escapes or the spelling
/// of `at` (`Z` vs `+00:00`, `+02:00` for the same instant) have the same ``canonicalJSON``;
/// the store compares it (or ``fingerprint``) to tell a harmless re-send from a
/// `conflicting_duplicate`.
public struct EventEnvelope: Hashable, Sendable {
    public var id: String
    public var type: EventType
    /// Microseconds since the Unix epoch, UTC.
    public var at: Int64
    public var payload: EventPayload
    /// Sorted members, no insignificant white space, `at` rewritten as UTC (see ``RFC3339/format(_:)``).
    public var canonicalJSON: String

    public init(id: String, at: Int64, payload: EventPayload, canonicalJSON: String) {
        self.id = id
        self.type = payload.type
        self.at = at
        self.payload = payload
        self.canonicalJSON = canonicalJSON
    }

    /// A 64-bit FNV-1a hash of ``canonicalJSON``: equal content, equal fingerprint.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalJSON.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Whether `other` is the same event content (a harmless duplicate when the ids match).
    public func hasSameContent(as other: EventEnvelope) -> Bool { canonicalJSON == other.canonicalJSON }
}

/// Remembers event ids with the fingerprint of their content, to sort re-sends.
///
/// The same id with the same canonical content is a harmless duplicate; with other content
/// it is rejected `conflicting_duplicate`. A store that restarts reloads it with
/// ``record(id:fingerprint:)`` from its table of event ids.
///
/// ```swift
/// switch ledger.admit(event) {
/// case .new: state.apply(event, seq: next)
/// case .duplicate: duplicates += 1
/// case .conflict(let rejection): rejects.append(rejection)
/// }
/// ```
public struct EventLedger: Sendable {
    /// How an event's id relates to those seen before.
    public enum Admission: Hashable, Sendable {
        case new
        case duplicate
        case conflict(Rejection)
    }

    public private(set) var fingerprints: [String: UInt64] = [:]

    public init() {}

    /// Records `id` unless it is known, and says what the event is.
    ///
    /// - Complexity: O(1) amortised, plus the fingerprint's O(length of the canonical text).
    public mutating func admit(_ event: EventEnvelope) -> Admission {
        let fingerprint = event.fingerprint
        if let known = fingerprints[event.id] {
            if known == fingerprint { return .duplicate }
            return .conflict(
                Rejection(
                    .conflictingDuplicate,
                    "event \"\(event.id)\" was already ingested with other content",
                    eventID: event.id
                )
            )
        }
        fingerprints[event.id] = fingerprint
        return .new
    }

    /// Records an id seen before (when restoring).
    public mutating func record(id: String, fingerprint: UInt64) { fingerprints[id] = fingerprint }
}

/// One dialog with all its stored facts, as the extraction produces it.
///
/// The engine reads it once and keeps only what the report needs.
public struct DialogHistory: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case customer
        /// Manager-to-manager chat: never in any figure.
        case internalChat
    }

    public enum Privacy: Sendable, Hashable {
        /// The privacy policy did not hold this dialog.
        case notGated
        /// Held and never accepted (by `as_of`): outside every figure.
        case pending
        /// Accepted at this instant (µs since the Unix epoch).
        case accepted(at: Int64)
    }

    public var key: DialogKey
    /// The id the source system uses; `breaches.csv` prints it.
    public var sourceID: String
    public var channel: ChannelKey
    public var kind: Kind
    public var privacy: Privacy
    /// Sorted by (`at`, `seq`); the engine re-sorts when they are not.
    public var facts: [DialogFact]

    public init(
        key: DialogKey,
        sourceID: String,
        channel: ChannelKey,
        kind: Kind = .customer,
        privacy: Privacy = .notGated,
        facts: [DialogFact]
    ) {
        self.key = key
        self.sourceID = sourceID
        self.channel = channel
        self.kind = kind
        self.privacy = privacy
        self.facts = facts
    }
}

/// A customer dialog as the dialog-facts stream opens it (its `dialogs` row).
public struct ExtractedDialog: Sendable, Hashable {
    /// Whether the privacy policy held the dialog back, as of `as_of`.
    public enum PrivacyGate: Sendable, Hashable {
        /// The policy did not hold this dialog.
        case notHeld
        /// Held and not accepted by `as_of`.
        case held
        /// Accepted at this instant (µs since the Unix epoch).
        case acceptedAt(Int64)
    }

    /// The dialog's surrogate key (`dialogs.dialog_key`).
    public var key: Int64
    /// The id the source system uses.
    public var sourceID: String
    /// The channel's surrogate key.
    public var channel: Int64
    public var privacy: PrivacyGate

    @inlinable
    public init(key: Int64, sourceID: String, channel: Int64, privacy: PrivacyGate) {
        self.key = key
        self.sourceID = sourceID
        self.channel = channel
        self.privacy = privacy
    }
}

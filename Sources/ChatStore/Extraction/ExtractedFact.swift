/// One stored fact of a dialog, as the dialog-facts stream decodes it (`code` 1 to 11 of
/// `dialog_facts.sql`); keys are the tables' surrogate keys.
public struct ExtractedFact: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case autoClose
        case customerMessage
        /// `failed`: the message's last delivery status by `as_of` is `failed`.
        case userMessage(user: Int64, failed: Bool)
        case botMessage(bot: Int64, failed: Bool)
        case assignedToUser(Int64)
        case assignedToBot(Int64)
        case unassigned
        case closedByUser(Int64)
        case closedByBot(Int64)
        /// A close by the system actor (`{"system": true}`).
        case closedBySystem
        /// A reopen by a customer message, as ingestion stored it.
        case reopen
    }

    /// µs since the Unix epoch.
    public var at: Int64
    /// Global ingestion sequence number.
    public var seq: Int64
    public var kind: Kind

    @inlinable
    public init(at: Int64, seq: Int64, kind: Kind) {
        self.at = at
        self.seq = seq
        self.kind = kind
    }
}

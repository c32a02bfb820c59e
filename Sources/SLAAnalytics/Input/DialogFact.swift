/// One stored fact of a dialog with its instant and global ingestion sequence number.
///
/// System messages are not facts here: they never affect a metric.
public struct DialogFact: Sendable, Hashable {
    public enum Event: Sendable, Hashable {
        case customerMessage
        /// `failed`: the message's last delivery status by `as_of` is `failed`.
        case userMessage(UserKey, failed: Bool)
        case botMessage(BotKey, failed: Bool)
        case assignment(to: ResponsibleParty, by: ActingParty)
        /// A `dialog.closed` event: by a user or a bot (a resolution), or by the system actor
        /// (`{"system": true}`: ends the dialog's episode, yet neither a resolution nor an
        /// automatic close).
        case close(by: ActingParty)
        /// A close by the auto-close rule (assigned timeout or 30 days without messages): it
        /// counts in `auto_closed`.
        case autoClose
        /// A customer message reopened the closed dialog, as ingestion stored it (at the message,
        /// or at the close it follows when the message arrived late).
        case reopen
    }

    /// µs since the Unix epoch.
    public var at: Int64
    public var seq: Int64
    public var event: Event

    public init(at: Int64, seq: Int64, event: Event) {
        self.at = at
        self.seq = seq
        self.event = event
    }

    /// Storage order: timestamp, then ingestion order.
    @inlinable
    static func precedes(_ lhs: DialogFact, _ rhs: DialogFact) -> Bool {
        lhs.at != rhs.at ? lhs.at < rhs.at : lhs.seq < rhs.seq
    }
}

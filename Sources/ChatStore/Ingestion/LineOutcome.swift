/// What became of one line of a request body: the answer `chatsla serve` gives per event.
public struct LineOutcome: Sendable, Hashable {
    /// The three outcomes of a line, as `chatsla ingest` counts them.
    public enum Kind: String, Sendable, Hashable {
        /// The rules accepted the event; its facts are committed.
        case accepted
        /// The id was ingested before with the same content; nothing was written.
        case duplicate
        /// Undecodable, a conflicting duplicate, or refused by the rules (kept in `rejected_events`).
        case rejected
    }

    /// 1-based line number in the body (element number for a JSON array body).
    public var line: Int
    /// The event id, when the line got far enough to have one.
    public var eventID: String?
    public var kind: Kind
    /// The rejection code (`invalid_event`, `not_visible`, …); nil unless rejected.
    public var code: String?
    /// A sentence a person understands; nil unless rejected.
    public var message: String?

    public init(line: Int, eventID: String?, kind: Kind, code: String? = nil, message: String? = nil) {
        self.line = line
        self.eventID = eventID
        self.kind = kind
        self.code = code
        self.message = message
    }
}

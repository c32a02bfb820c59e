/// What an ingestion did: events accepted, harmless re-sends, and rejected lines.
public struct IngestSummary: Sendable, Hashable, CustomStringConvertible {
    /// Events the rules accepted (their facts are stored).
    public var accepted = 0
    /// Events whose id was seen before with the same content; nothing was written for them.
    public var duplicates = 0
    /// Lines rejected: undecodable lines, conflicting duplicates and events the rules refused.
    public var rejected = 0
    /// Lines read, blank lines excluded.
    public var lines = 0
    /// Rejections by code (`invalid_event`, `not_visible`, …).
    public var rejectedByCode: [String: Int] = [:]

    public init() {}

    /// `accepted N, duplicate N, rejected N`, the line `chatsla ingest` prints.
    public var description: String { "accepted \(accepted), duplicate \(duplicates), rejected \(rejected)" }
}

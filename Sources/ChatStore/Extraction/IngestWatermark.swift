/// How much data a report saw: shown on the page so a reader knows how fresh it is.
public struct IngestWatermark: Sendable, Hashable {
    public var acceptedEvents: Int64
    /// Events the domain rules refused (rejected lines that never decoded are not counted).
    public var refusedEvents: Int64
    /// The latest `at` among accepted events (µs), or nil when nothing was ingested.
    public var latestEventAt: Int64?
    public var lastSeq: Int64
}

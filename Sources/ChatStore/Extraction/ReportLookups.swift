import ChatDomain

/// The lookups and settings histories a report reads as of `as_of` (`queries/extraction/`), as
/// stored: surrogate keys as integers, settings in the order the engine folds them.
public struct ReportLookups: Sendable {
    /// A store or a bot: key, the source's id, name.
    public struct Named: Sendable, Hashable {
        public var key: Int64
        public var sourceID: String
        public var name: String
    }

    public struct Channel: Sendable, Hashable {
        public var key: Int64
        public var sourceID: String
        public var name: String
        /// `nil` while the channel is mapped to no store.
        public var store: Int64?
    }

    public struct User: Sendable, Hashable {
        public var key: Int64
        public var sourceID: String
        public var name: String
        /// When the user was first stored (µs since the Unix epoch).
        public var knownFrom: Int64
    }

    /// One `time_limits` entry; `channel` `nil` for the default of all channels.
    public struct TimeLimit: Sendable, Hashable {
        public var channel: Int64?
        public var warningSeconds: Int64?
        public var processingSeconds: Int64
        public var effectiveAt: Int64
        public var seq: Int64
    }

    /// One `chat_settings` entry of the SLA policy.
    public struct Policy: Sendable, Hashable {
        public var clockStart: ClockStartPolicy
        public var botRepliesStopClock: Bool
        public var effectiveAt: Int64
        public var seq: Int64
    }

    /// One `business_hours_settings` entry; `hours` `nil` for round the clock.
    public struct Schedule: Sendable, Hashable {
        public var channel: Int64?
        public var hours: BusinessHours?
        public var effectiveAt: Int64
        public var seq: Int64
    }

    public var stores: [Named]
    public var channels: [Channel]
    public var users: [User]
    public var bots: [Named]
    public var timeLimits: [TimeLimit]
    public var policies: [Policy]
    public var schedules: [Schedule]
}

import ChatDomain
import PostgresClient

/// A setting stored per channel, or (`channel` nil) as the default of all channels.
public protocol ChannelScopedEntry: Sendable, Hashable {
    /// The channel's source id; `nil` for the default of all channels.
    var channel: String? { get }
}

/// One channel's setting at an instant (time limits, business hours): its own, else the default's.
public struct ChannelSetting<Entry: ChannelScopedEntry>: Sendable, Hashable {
    /// The channel's source id; `nil` for the default row.
    public var channel: String?
    public var channelName: String
    /// The setting that applies (the channel's own or the default's); `nil` when none.
    public var setting: Entry?
    /// Whether `setting` is the default's (the channel has none of its own).
    public var inheritsDefault: Bool

    /// Where the setting comes from, as `limits show` and `hours show` print it: `own`,
    /// `default` (inherited) or `none`.
    public var source: String { setting == nil ? "none" : inheritsDefault ? "default" : "own" }
}

/// The limits of one channel at an instant: its own setting, or else the default.
public typealias ChannelLimits = ChannelSetting<TimeLimitEntry>

/// The business hours **[ext]** of one channel at an instant: its own setting, else the default's
/// (`nil` when none: round the clock).
public typealias ChannelBusinessHours = ChannelSetting<BusinessHoursEntry>

extension ChannelSetting {
    /// The default row first, then one row per channel known at `at` (by source id, code
    /// points), each with the entry that applies to it then.
    ///
    /// - Parameters:
    ///   - entries: the entries in effect at `at`, at most one per channel and one default.
    ///   - at: the instant, RFC 3339 (the bind of `settings/channels.sql`).
    ///   - connection: the database.
    /// - Returns: the default's row, then the channels' rows.
    /// - Throws: `PostgresError`, `StoreError` (a query file is missing).
    /// - Complexity: one query over channels.
    static func inEffect(_ entries: [Entry], at: String, connection: PostgresConnection) throws -> [Self] {
        var defaultSetting: Entry?
        var own: [String: Entry] = [:]
        for entry in entries {
            if let channel = entry.channel { own[channel] = entry } else { defaultSetting = entry }
        }
        let channels = try connection.query(
            PostgresQuery(sql: try QueryFiles.text("settings/channels.sql"), binds: [at.postgresBind])
        )
        var rows = [Self(channel: nil, channelName: "", setting: defaultSetting, inheritsDefault: false)]
        for row in 0..<channels.count {
            let id = try channels.decode(String.self, row: row, column: 0)
            let name = try channels.decode(String.self, row: row, column: 1)
            rows.append(
                Self(
                    channel: id,
                    channelName: name,
                    setting: own[id] ?? defaultSetting,
                    inheritsDefault: own[id] == nil
                )
            )
        }
        return rows
    }
}

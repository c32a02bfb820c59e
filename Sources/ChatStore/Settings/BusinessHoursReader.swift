import ChatDomain
import PostgresClient

/// Reads the business-hours history **[ext]** for `chatsla hours show`.
///
/// ```swift
/// let rows = try BusinessHoursReader(connection: connection).inEffect(at: now)
/// ```
public struct BusinessHoursReader {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The default row first, then one row per channel known at `instant` (by source id, code
    /// points), each with the setting that applies to it then.
    /// - Complexity: one query over the history (DISTINCT ON), one over channels.
    public func inEffect(at instant: Int64) throws -> [ChannelBusinessHours] {
        let at = RFC3339.format(instant)
        let settings = try connection.query(
            PostgresQuery(sql: try QueryFiles.text("settings/business_hours_in_effect.sql"), binds: [at.postgresBind])
        )
        var defaultSetting: BusinessHoursEntry?
        var own: [String: BusinessHoursEntry] = [:]
        for row in 0..<settings.count {
            var hours: BusinessHours?
            if let zone = settings[row, 1] {
                hours = BusinessHours(
                    stored: settings[row, 2] ?? "",
                    timeZone: zone,
                    holidays: (settings[row, 3] ?? "").split(separator: ",").map(String.init)
                )
                if hours == nil { throw StoreError("business_hours_settings holds a schedule the rules would refuse") }
            }
            let entry = BusinessHoursEntry(
                channel: settings[row, 0],
                hours: hours,
                effectiveAt: try settings.decode(Int64.self, row: row, column: 4),
                setBy: settings[row, 5]
            )
            if let channel = entry.channel { own[channel] = entry } else { defaultSetting = entry }
        }
        let channels = try connection.query(
            PostgresQuery(sql: try QueryFiles.text("settings/channels.sql"), binds: [at.postgresBind])
        )
        var rows = [
            ChannelBusinessHours(channel: nil, channelName: "", setting: defaultSetting, inheritsDefault: false)
        ]
        for row in 0..<channels.count {
            let id = try channels.decode(String.self, row: row, column: 0)
            let name = try channels.decode(String.self, row: row, column: 1)
            rows.append(
                ChannelBusinessHours(
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

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
        let entries = try (0..<settings.count).map { row in
            var hours: BusinessHours?
            if let zone = settings[row, 1] {
                hours = BusinessHours(
                    stored: settings[row, 2] ?? "",
                    timeZone: zone,
                    holidays: (settings[row, 3] ?? "").split(separator: ",").map(String.init)
                )
                if hours == nil {
                    throw StoreError.storedDataUnreadable(
                        "business_hours_settings holds a schedule the rules would refuse"
                    )
                }
            }
            return BusinessHoursEntry(
                channel: settings[row, 0],
                hours: hours,
                effectiveAt: try settings.decode(Int64.self, row: row, column: 4),
                setBy: settings[row, 5]
            )
        }
        return try ChannelBusinessHours.inEffect(entries, at: at, connection: connection)
    }
}

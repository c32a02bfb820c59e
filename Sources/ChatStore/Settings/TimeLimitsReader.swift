import ChatDomain
import PostgresClient

/// Reads the time-limit history for `chatsla limits show`.
///
/// ```swift
/// let rows = try TimeLimitsReader(connection: connection).inEffect(at: now)
/// ```
public struct TimeLimitsReader {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The default row first, then one row per channel known at `instant` (by source id, code
    /// points), each with the setting that applies to it then.
    /// - Complexity: one query over the history (DISTINCT ON), one over channels.
    public func inEffect(at instant: Int64) throws -> [ChannelLimits] {
        let at = RFC3339.format(instant)
        let settings = try connection.query(
            PostgresQuery(sql: try QueryFiles.text("settings/limits_in_effect.sql"), binds: [at.postgresBind])
        )
        let entries = try (0..<settings.count).map { row in
            TimeLimitEntry(
                channel: settings[row, 0],
                warningSeconds: try settings.decodeOptional(Int64.self, row: row, column: 1),
                processingSeconds: try settings.decode(Int64.self, row: row, column: 2),
                effectiveAt: try settings.decode(Int64.self, row: row, column: 3),
                setBy: settings[row, 4]
            )
        }
        return try ChannelLimits.inEffect(entries, at: at, connection: connection)
    }

    /// Every setting ever accepted, in ingestion order.
    public func history() throws -> [TimeLimitEntry] {
        let result = try connection.query(PostgresQuery(sql: try QueryFiles.text("settings/history.sql")))
        return try (0..<result.count).map { row in
            TimeLimitEntry(
                channel: result[row, 1],
                warningSeconds: try result.decodeOptional(Int64.self, row: row, column: 2),
                processingSeconds: try result.decode(Int64.self, row: row, column: 3),
                effectiveAt: try result.decode(Int64.self, row: row, column: 4),
                setBy: result[row, 5]
            )
        }
    }
}

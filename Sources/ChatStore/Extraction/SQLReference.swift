import PostgresClient

/// The plain-SQL computation of `channels.csv` and `daily.csv` in `queries/reference/`: the
/// engine's cross-check and its performance baseline.
///
/// The figures come back as the CSV cells the report prints (`""` where a figure does not exist).
public struct SQLReference {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Sets the report's parameters and defines the reference's temporary views on this connection.
    /// - Parameters:
    ///   - asOf: µs since the Unix epoch; nothing later exists for the report.
    ///   - from: the period's first local date (`YYYY-MM-DD`), inclusive.
    ///   - to: its last local date, inclusive.
    ///   - timeZone: the IANA zone of the dates.
    ///   - channels: the channel ids to keep, or `nil` for every channel.
    /// - Throws: `PostgresError`, or ``StoreError`` when a query file is missing.
    public func prepare(asOf: Int64, from: String, to: String, timeZone: String, channels: Set<String>?) throws {
        try ReportExtraction(connection: connection).setAsOf(asOf)
        let channels = channels.map { $0.sorted().joined(separator: ",") } ?? ""
        try connection.query(
            """
            SELECT set_config('chatsla.from', \(from), false),
                   set_config('chatsla.to', \(to), false),
                   set_config('chatsla.tz', \(timeZone), false),
                   set_config('chatsla.channels', \(channels), false)
            """
        )
        try connection.execute(script: try QueryFiles.text("reference/episodes.sql"))
    }

    /// `channels.csv` rows, in the report's order.
    public func channels() throws -> [[String]] {
        try cells(of: "reference/channels.sql")
    }

    /// `daily.csv` rows, in the report's order.
    public func daily() throws -> [[String]] {
        try cells(of: "reference/daily.sql")
    }

    /// The period's breaches as the reference finds them: dialog id, episode start (µs), highest
    /// level and its crossing instant (µs), by dialog id then start.
    public func crossings() throws -> [[String]] {
        try cells(of: "reference/crossings.sql")
    }

    private func cells(of file: String) throws -> [[String]] {
        let result = try connection.query(PostgresQuery(sql: try QueryFiles.text(file)))
        return (0..<result.count).map { row in (0..<result.columnCount).map { result[row, $0] ?? "" } }
    }
}

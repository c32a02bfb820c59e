import PostgresClient
import SLAAnalytics

/// The plain-SQL computation of `channels.csv` and `daily.csv` in `queries/reference/`: the
/// engine's cross-check and its performance baseline.
///
/// The figures come back as the CSV cells the report prints (`""` where a figure does not exist).
public struct SQLReference {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Sets the parameters and defines the reference's temporary views on this connection.
    public func prepare(_ parameters: ReportParameters) throws {
        try ReportExtraction(connection: connection).setAsOf(parameters.asOf)
        let channels = parameters.channelFilter.map { $0.sorted().joined(separator: ",") } ?? ""
        try connection.query(
            """
            SELECT set_config('chatsla.from', \(parameters.from.description), false),
                   set_config('chatsla.to', \(parameters.to.description), false),
                   set_config('chatsla.tz', \(parameters.timeZone.identifier), false),
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

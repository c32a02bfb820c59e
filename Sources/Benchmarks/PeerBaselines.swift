import ChatStore
import Foundation

/// The statements `chatsla bench all` runs through psql as the report's competitors
/// (`queries/peer/`): the raw COPY of its input columns, and the single-statement SQL peer.
public enum PeerBaselines {
    /// The raw binary COPY of the report's input columns, as one list of statements per psql
    /// session (the sessions run at once).
    public static func rawCopySessions() throws -> [[String]] {
        let queries = try NamedQueries("peer/raw_copy.sql")
        return try ["messages", "others"].map { try queries.statements(of: $0) }
    }

    /// The session settings and the peer statement (`channel_sla.sql`) for a period as of `asOf`.
    public static func peerStatements(asOf: Int64, period: Range<Int64>) throws -> [String] {
        try ReportExtraction.sessionSettings(asOf: asOf, period: period) + [try QueryFiles.text("peer/channel_sla.sql")]
    }
}

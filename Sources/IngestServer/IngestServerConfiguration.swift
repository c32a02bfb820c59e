import ChatStore

/// How `chatsla serve` listens, authenticates, queues and commits.
///
/// ```swift
/// var configuration = IngestServerConfiguration(databaseURL: url, token: try TokenFile.read(path))
/// configuration.port = 0   // any free port; the bound one is handed to `onListening`
/// ```
public struct IngestServerConfiguration: Sendable {
    /// The address to listen on (`127.0.0.1` by default: only this machine).
    public var host = "127.0.0.1"
    /// The TCP port; 0 picks a free one.
    public var port = 8080
    /// The database to ingest into (libpq URL).
    public var databaseURL: String
    /// The secret clients send as `Authorization: Bearer <token>`.
    public var token: String
    /// Bodies larger than this are answered 413 (16 MiB by default).
    public var maxBodyBytes = 16 << 20
    /// Lines waiting for the ingester beyond which requests are answered 503 with `Retry-After`.
    public var queueLines = 200_000
    /// Lines committed together at most (group commit); a larger body is committed alone.
    public var groupLines = 20_000
    /// Queued lines from which the next group is applied while the current one is written (its
    /// rules overlap the current transaction's statements); a smaller next group is left to grow
    /// until the current one is committed, so that more requests share the next commit.
    public var overlapLines = 1_000
    /// The `Retry-After` seconds of a 503.
    public var retryAfterSeconds = 1
    /// Time between attempts to reach a database that went away.
    public var reconnectInterval: Duration = .milliseconds(500)
    /// Time between checks of an idle connection (so `/healthz` notices a database that went away).
    public var pingInterval: Duration = .seconds(1)
    /// How much of the domain state the ingester holds. On demand (the default) the server starts
    /// at once on any database and holds what its requests reached up to the ingester's
    /// standard retention (`Ingester.Retention.standard`).
    public var stateLoading = Ingester.StateLoading.onDemand
    /// The ingester's bound on message states held in memory.
    public var messagesInMemory = 2_000_000
    /// The name the database session shows in `pg_stat_activity`, and that a refused
    /// `chatsla ingest` prints as the holder of the ingestion lock.
    public var sessionName = "chatsla serve"

    public init(databaseURL: String, token: String) {
        self.databaseURL = databaseURL
        self.token = token
    }
}

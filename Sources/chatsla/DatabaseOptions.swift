import ArgumentParser
import ChatStore
import EmbeddedPostgres
import Foundation
import PostgresClient

/// Where the database is: `--database-url`, else `DATABASE_URL`, else the embedded cluster.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL (postgresql://user@host:port/db or postgresql:///db?host=/socket/dir).",
            discussion: "Overrides DATABASE_URL; without either, the embedded cluster under $CHATSLA_HOME is used."
        )
    )
    var databaseURL: String?

    /// The embedded cluster of this folder (`$CHATSLA_HOME`, default `.chatsla`).
    static var embeddedCluster: LocalCluster {
        LocalCluster(home: ProcessInfo.processInfo.environment["CHATSLA_HOME"] ?? ".chatsla")
    }

    /// Whether the command uses the embedded cluster (no URL given).
    var usesEmbeddedCluster: Bool {
        databaseURL == nil && (ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty
    }

    /// The URL to connect to, starting the embedded cluster when it is the one in use.
    ///
    /// The embedded cluster is ours: it is created, started and migrated on first use, so a new
    /// user never meets a missing schema. A database given by URL is left as it is (`chatsla
    /// migrate` upgrades it when its administrator says so).
    /// - Throws: `PostgresError` saying the text is not a URL (libpq would take `not a url` as a
    ///   database name), naming `--database-url` or `DATABASE_URL`.
    func resolveURL() throws -> String {
        if let databaseURL {
            guard PostgresConnection.isConnectionString(databaseURL) else {
                throw PostgresError(
                    kind: .connection,
                    message: PostgresConnection.notAURL(databaseURL, source: "--database-url")
                )
            }
            return databaseURL
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["DATABASE_URL"], !fromEnvironment.isEmpty {
            guard PostgresConnection.isConnectionString(fromEnvironment) else {
                throw PostgresError(
                    kind: .connection,
                    message: PostgresConnection.notAURL(fromEnvironment, source: "DATABASE_URL")
                )
            }
            return fromEnvironment
        }
        let cluster = Self.embeddedCluster
        try cluster.start()
        let connection = try PostgresConnection(url: cluster.url)
        defer { connection.close() }
        try Migrator().migrate(connection)
        return cluster.url
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(url: resolveURL())
    }
}

/// Prints an error the way every command does: one line on standard error, then exit.
func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("chatsla: \(message)\n".utf8))
    return ExitCode(code)
}

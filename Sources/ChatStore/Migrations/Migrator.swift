import Foundation
import PostgresClient

/// Creates or upgrades the schema from the numbered files in `queries/schema/`.
///
/// Each file (`0001_init.sql`, `0002_….sql`) runs in its own transaction and is recorded in
/// `schema_migrations`; a recorded file is never run again, so `migrate` is idempotent. Two
/// processes migrating at once are serialised by an advisory lock.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public var version: Int
        public var name: String
        public var sql: String
    }

    public let migrations: [Migration]

    /// Reads the migrations bundled with chatsla.
    public init() throws {
        try self.init(folder: QueryFiles.folder + "/schema")
    }

    public init(folder: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sql") }.sorted()
        var migrations: [Migration] = []
        for name in names {
            guard let version = Int(name.prefix { $0.isNumber }) else {
                throw StoreError.migrationFilesInvalid("migration file \(name) does not start with its version number")
            }
            let sql = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        guard Set(migrations.map(\.version)).count == migrations.count else {
            throw StoreError.migrationFilesInvalid("two migration files in \(folder) share a version number")
        }
        self.migrations = migrations
    }

    /// Applies what is missing.
    ///
    /// - Returns: the names of the migrations applied now (empty when the schema was current).
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> [String] {
        try connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        var applied: [String] = []
        for migration in migrations {
            let didApply = try connection.transaction { () -> Bool in
                // Serialise concurrent migrators; the lock ends with the transaction.
                try connection.query("SELECT pg_advisory_xact_lock(7417001)")
                let done = try connection.query(
                    "SELECT 1 FROM schema_migrations WHERE version = \(migration.version)"
                )
                guard done.count == 0 else { return false }
                try connection.execute(script: migration.sql)
                try connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))"
                )
                return true
            }
            if didApply { applied.append(migration.name) }
        }
        return applied
    }

    /// Throws unless every bundled migration has been applied: a report or an ingest on an older
    /// schema then says what to do instead of failing on a missing column.
    ///
    /// - Throws: ``StoreError`` (``StoreError/Code/schemaNotCurrent``) naming the first missing
    ///   migration; `PostgresError`.
    public func requireCurrent(_ connection: PostgresConnection) throws {
        let table = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
        var applied: Set<Int> = []
        if table[0, 0] == "t" {
            let versions = try connection.query("SELECT version FROM schema_migrations")
            for row in 0..<versions.count { applied.insert(try versions.decode(Int.self, row: row, column: 0)) }
        }
        if let missing = migrations.first(where: { !applied.contains($0.version) }) {
            throw StoreError.schemaNotCurrent(missing: missing.name)
        }
    }
}

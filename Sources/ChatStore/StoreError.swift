/// A store-level failure that is not PostgreSQL's own: the ingestion lock taken, the schema
/// behind, a query file missing, a stored row chatsla cannot read, a broken invariant.
///
/// Callers tell failures apart by ``code``, a stable identifier; ``description`` is one sentence
/// saying what is wrong and what to do (the command line prints it, adding what depends on the
/// command):
///
/// ```swift
/// do {
///     ingester = try Ingester(connection: connection)
/// } catch let error as StoreError where error.code == .lockHeld {
///     print(error.lockHolder?.isServer == true ? "post to the server" : "wait")
/// }
/// ```
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it is: stable across releases, printed as `lock_held`, `schema_not_current`, ….
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case lockHeld = "lock_held"
            case schemaNotCurrent = "schema_not_current"
            case queryFileUnreadable = "query_file_unreadable"
            case queryMissing = "query_missing"
            case migrationFilesInvalid = "migration_files_invalid"
            case storedDataUnreadable = "stored_data_unreadable"
            case inputUnreadable = "input_unreadable"
            case rejectsFileUnwritable = "rejects_file_unwritable"
            case pipeFailed = "pipe_failed"
            case invariantBroken = "invariant_broken"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Another session holds the database's ingestion lock (a running `chatsla serve`, another ingest).
        public static var lockHeld: Self { Self(.lockHeld) }
        /// The database lacks a migration: nothing runs until `chatsla migrate` has.
        public static var schemaNotCurrent: Self { Self(.schemaNotCurrent) }
        /// A file of `queries/` is missing or unreadable, or holds no named statement.
        public static var queryFileUnreadable: Self { Self(.queryFileUnreadable) }
        /// No file of `queries/` holds the named statement asked for.
        public static var queryMissing: Self { Self(.queryMissing) }
        /// The migration files are misnamed (no version number, two with the same).
        public static var migrationFilesInvalid: Self { Self(.migrationFilesInvalid) }
        /// The database holds a row chatsla cannot read (an unknown kind, a malformed amount).
        public static var storedDataUnreadable: Self { Self(.storedDataUnreadable) }
        /// The events' input cannot be read.
        public static var inputUnreadable: Self { Self(.inputUnreadable) }
        /// The rejects file cannot be created or opened.
        public static var rejectsFileUnwritable: Self { Self(.rejectsFileUnwritable) }
        /// A pipe between chatsla's own threads cannot be made or written.
        public static var pipeFailed: Self { Self(.pipeFailed) }
        /// Something chatsla guarantees did not hold: a bug.
        public static var invariantBroken: Self { Self(.invariantBroken) }

        public var description: String { base.rawValue }
    }

    /// The session holding the ingestion lock, as `pg_stat_activity` names it.
    public struct LockHolder: Sendable, Hashable, CustomStringConvertible {
        /// `chatsla serve on 127.0.0.1:8080 (pid 4242) (database session 77 from the local socket, …)`.
        public var description: String
        /// Whether the holder is a running `chatsla serve` (which holds the lock until it stops).
        public var isServer: Bool
    }

    /// The kind of failure.
    public let code: Code
    /// One sentence: what is wrong (naming the file, table or session) and what to do.
    public let description: String
    /// Who holds the ingestion lock, for ``Code/lockHeld`` when the holder is known.
    public let lockHolder: LockHolder?

    private init(_ code: Code, _ description: String, lockHolder: LockHolder? = nil) {
        self.code = code
        self.description = description
        self.lockHolder = lockHolder
    }

    /// Another session holds the ingestion lock.
    ///
    /// - Parameter holder: the session, `nil` when it could not be named (it let go meanwhile).
    /// - Returns: a ``Code/lockHeld`` error naming the holder and what to do about it.
    public static func lockHeld(by holder: LockHolder?) -> Self {
        guard let holder else {
            return Self(
                .lockHeld,
                "another chatsla ingest or serve is writing to this database; wait for it to finish or stop it"
            )
        }
        let remedy =
            holder.isServer ? "post the events to that server (POST /v1/events) or stop it" : "wait for it to finish"
        return Self(.lockHeld, "the database's ingestion lock is held by \(holder); \(remedy)", lockHolder: holder)
    }

    /// The database lacks the migration `missing` (`0003_….sql`, the first not applied).
    ///
    /// The embedded cluster is migrated on first use; a database given by URL is the
    /// administrator's, so it is never changed without being asked.
    public static func schemaNotCurrent(missing: String) -> Self {
        Self(
            .schemaNotCurrent,
            "the database schema is not up to date (\(missing) is not applied); run chatsla migrate with the same "
                + "--database-url or DATABASE_URL, then this command again"
        )
    }

    /// A file of `queries/` is missing, unreadable or holds no named statement.
    public static func queryFileUnreadable(_ sentence: String) -> Self { Self(.queryFileUnreadable, sentence) }

    /// No file of `queries/` holds the statement `name`.
    public static func queryMissing(_ name: String) -> Self {
        Self(.queryMissing, "no statement named \(name) in the query files")
    }

    /// The migration files are misnamed.
    public static func migrationFilesInvalid(_ sentence: String) -> Self { Self(.migrationFilesInvalid, sentence) }

    /// The database holds what chatsla cannot read.
    ///
    /// - Parameters:
    ///   - what: names the table or value (`bad channel kind`).
    ///   - remedy: what to do; by default, what helps a database changed outside chatsla.
    /// - Returns: a ``Code/storedDataUnreadable`` error saying `what; remedy`.
    public static func storedDataUnreadable(
        _ what: String,
        remedy: String = "the database was changed outside chatsla: restore it, or ingest the events into a new one"
    ) -> Self {
        Self(.storedDataUnreadable, "\(what); \(remedy)")
    }

    /// The events' input cannot be read.
    public static func inputUnreadable(_ sentence: String) -> Self { Self(.inputUnreadable, sentence) }

    /// The rejects file cannot be created or opened.
    public static func rejectsFileUnwritable(_ sentence: String) -> Self { Self(.rejectsFileUnwritable, sentence) }

    /// A pipe between chatsla's own threads failed.
    public static func pipeFailed(_ sentence: String) -> Self { Self(.pipeFailed, sentence) }

    /// Something chatsla guarantees did not hold: a bug, said as such.
    ///
    /// - Parameter what: what did not hold (`the report ran no worker`).
    /// - Returns: an ``Code/invariantBroken`` error asking for a bug report.
    public static func invariantBroken(_ what: String) -> Self {
        Self(.invariantBroken, "\(what); this is a bug in chatsla: please report it with the command that ran")
    }
}

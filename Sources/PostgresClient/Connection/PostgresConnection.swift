internal import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a PostgreSQL server, over libpq.
///
/// A connection is used by one task at a time (it is not `Sendable`); open one per worker.
///
/// ```swift
/// let connection = try PostgresConnection(url: "postgresql:///chatsla?host=/srv/run")
/// let rows = try connection.query("SELECT count(*) FROM messages WHERE dialog_id = \(key)")
/// let count = try rows.decode(Int64.self, row: 0, column: 0)
/// ```
public final class PostgresConnection {
    let handle: OpaquePointer
    /// The target in libpq's `key=value` words, for error messages (no password).
    public let target: String
    /// What this connection was opened with, for ``openAnother()``.
    private let url: String
    private let connectTimeoutSeconds: Int
    private var isClosed = false
    /// The names of the statements prepared so far, by SQL text (see ``preparesStatements``).
    private var preparedNames: [String: String] = [:]

    /// Whether ``query(_:)`` prepares each SQL text with parameters once on this connection and
    /// then runs it by name: the server parses, analyses and plans it once, not at every call.
    /// (Statements without parameters, such as `BEGIN` or `ROLLBACK`, are sent as they are.)
    ///
    /// For a session that runs the same few statements many times a second (`chatsla serve`'s
    /// ingesting connection). Off by default: a prepared statement keeps a plan chosen without the
    /// values (the session's `plan_cache_mode` decides), which is right for look-ups by key.
    public var preparesStatements = false

    /// Connects by URL (`postgresql://user@host:port/db`, `postgresql:///db?host=/socket/dir`) or
    /// by a libpq `key=value` string.
    ///
    /// A connection attempt gives up after `connectTimeoutSeconds` unless the URL sets its own
    /// `connect_timeout`; TCP connections send keep-alives so a vanished server is noticed.
    ///
    /// - Throws: `PostgresError` of kind `.connection`, naming the target and libpq's reason; for a
    ///   text that is neither a URL nor `key=value` settings (libpq would take it as a database
    ///   name), one saying so.
    public init(url: String, connectTimeoutSeconds: Int = 10) throws {
        guard Self.isConnectionString(url) else {
            throw PostgresError(kind: .connection, message: Self.notAURL(url))
        }
        // Keywords before "dbname" are defaults; the expanded URL overrides them.
        let keywords = ["connect_timeout", "keepalives_idle", "client_encoding", "dbname"]
        let values = [String(connectTimeoutSeconds), "30", "UTF8", url]
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection", target: url)
        }
        let target = Self.describeTarget(connection, url: url)
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.errorMessage(connection)
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: reason, target: target)
        }
        self.handle = connection
        self.target = target
        self.url = url
        self.connectTimeoutSeconds = connectTimeoutSeconds
        // Server notices (e.g. "relation already exists, skipping") are not errors; keep stderr quiet.
        chatsla_pq_silence_notices(connection)
    }

    /// Whether `text` is a PostgreSQL URL (`postgresql://…`, `postgres://…`) or libpq
    /// `key=value` settings; anything else libpq would silently take as a database name.
    public static func isConnectionString(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") || text.contains("=")
    }

    /// The sentence for a text that is not a connection string; `source` names where it came from.
    public static func notAURL(_ text: String, source: String = "the database URL") -> String {
        "\(source) \"\(text)\" is not a PostgreSQL URL; write it as postgresql://user@host:5432/database "
            + "or postgresql:///database?host=/socket/folder"
    }

    /// A new connection to the same server and database, as the same user, with the same settings
    /// of the URL (e.g. its `options`); nothing set on this session since it connected is carried.
    ///
    /// - Throws: `PostgresError` of kind `.connection`, as ``init(url:connectTimeoutSeconds:)``.
    public func openAnother() throws -> PostgresConnection {
        try PostgresConnection(url: url, connectTimeoutSeconds: connectTimeoutSeconds)
    }

    deinit {
        if !isClosed { PQfinish(handle) }
    }

    /// Closes the connection; later calls throw.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        PQfinish(handle)
    }

    /// The server's version number (`150018` for 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one statement with parameters and returns its whole result.
    ///
    /// - Throws: `PostgresError` (`.server` with SQLSTATE, or `.connectionLost`).
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        let result = try execute(query)
        let status = result.status
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT:
            _ = consume result
            drainAfterMisuse(copyOut: status == PGRES_COPY_OUT)
            throw PostgresError(
                kind: .protocolViolation,
                message: "a COPY statement was run with query(); use copyIn or copyOut",
                statement: query.sql
            )
        default:
            throw failure(result, statement: query.sql)
        }
    }

    /// Runs several statements separated by semicolons, without parameters (a migration file).
    public func execute(script: String) throws {
        try checkOpen()
        guard let pointer = PQexec(handle, script) else {
            throw lostConnection(statement: script)
        }
        let result = PostgresResult(pointer)
        let status = result.status
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            throw failure(result, statement: script)
        }
    }

    /// Runs `body` inside `BEGIN … COMMIT`, rolling back when it throws.
    ///
    /// - Throws: what `body` threw (after the rollback), or the commit's error.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try query("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            // A rollback on a broken connection fails too; the original error is the one to report.
            _ = try? query("ROLLBACK")
            throw error
        }
        // COMMIT of a transaction in which a statement failed (an error `body` swallowed) rolls
        // back without an error; only its command tag says so.
        let commit = try query("COMMIT")
        guard commit.commandTag != "ROLLBACK" else {
            throw PostgresError(
                kind: .server,
                sqlState: "25P02",
                message: "the transaction was rolled back at COMMIT because a statement in it had failed"
            )
        }
        return value
    }

    // MARK: - Internals shared with COPY

    func checkOpen() throws {
        if isClosed {
            throw PostgresError(kind: .protocolViolation, message: "the connection is closed")
        }
    }

    func execute(_ query: PostgresQuery) throws -> PostgresResult {
        try checkOpen()
        let texts = query.binds.map(\.text)
        let name = preparesStatements && !texts.isEmpty ? try preparedName(query.sql, parameters: texts.count) : nil
        let pointer: OpaquePointer? = withOptionalCStringArray(texts) { valuePointers in
            if let name { return PQexecPrepared(handle, name, Int32(texts.count), valuePointers, nil, nil, 0) }
            return PQexecParams(handle, query.sql, Int32(texts.count), nil, valuePointers, nil, nil, 0)
        }
        guard let pointer else { throw lostConnection(statement: query.sql) }
        return PostgresResult(pointer)
    }

    /// The name of `sql`'s prepared statement, preparing it at its first use.
    private func preparedName(_ sql: String, parameters: Int) throws -> String {
        if let name = preparedNames[sql] { return name }
        let name = "chatsla_query_\(preparedNames.count + 1)"
        guard let pointer = PQprepare(handle, name, sql, Int32(parameters), nil) else {
            throw lostConnection(statement: sql)
        }
        let result = PostgresResult(pointer)
        guard result.status == PGRES_COMMAND_OK else { throw failure(result, statement: sql) }
        preparedNames[sql] = name
        return name
    }

    /// The next pending result of the statement in flight, `nil` once they are all read.
    func nextResult() -> PostgresResult? {
        guard let pointer = PQgetResult(handle) else { return nil }
        return PostgresResult(pointer)
    }

    /// The error a failed result reports.
    func failure(_ result: borrowing PostgresResult, statement: String?) -> PostgresError {
        let sqlState = result.errorField(chatsla_pq_diag_sqlstate())
        let primary = result.errorField(chatsla_pq_diag_message_primary())
        if PQstatus(handle) == CONNECTION_BAD {
            return PostgresError(
                kind: .connectionLost,
                sqlState: sqlState,
                message: primary ?? Self.errorMessage(handle),
                statement: statement
            )
        }
        return PostgresError(
            kind: .server,
            sqlState: sqlState,
            message: primary ?? Self.errorMessage(handle),
            detail: result.errorField(chatsla_pq_diag_message_detail()),
            hint: result.errorField(chatsla_pq_diag_message_hint()),
            statement: statement
        )
    }

    func lostConnection(statement: String?) -> PostgresError {
        PostgresError(kind: .connectionLost, message: Self.errorMessage(handle), statement: statement)
    }

    /// Reads and frees whatever results are still pending after an unexpected COPY state.
    ///
    /// A COPY TO must be read to its end first: while it lasts, `PQgetResult` hands out a new
    /// `PGRES_COPY_OUT` result on every call and never returns `NULL`.
    private func drainAfterMisuse(copyOut: Bool) {
        if copyOut {
            var pointer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &pointer, 0) > 0 {
                PQfreemem(pointer)
                pointer = nil
            }
        } else {
            _ = PQputCopyEnd(handle, "COPY run through query()")
        }
        drainResults()
    }

    static func errorMessage(_ connection: OpaquePointer) -> String {
        guard let pointer = PQerrorMessage(connection) else { return "unknown libpq error" }
        return PostgresError.oneSentence(String(cString: pointer))
    }

    private static func describeTarget(_ connection: OpaquePointer, url: String) -> String {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
            guard let pointer else { return nil }
            let value = String(cString: pointer)
            return value.isEmpty ? nil : value
        }
        var words: [String] = []
        if let host = text(PQhost(connection)) { words.append("host=\(host)") }
        if let port = text(PQport(connection)) { words.append("port=\(port)") }
        if let database = text(PQdb(connection)) { words.append("dbname=\(database)") }
        if let user = text(PQuser(connection)) { words.append("user=\(user)") }
        return words.isEmpty ? url : words.joined(separator: " ")
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

/// Calls `body` with a C array of C strings that lives only for the call.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStringArray(strings.map(Optional.some), body)
}

func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    // NULL-terminated: libpq reads keyword/value arrays up to a NULL; counted arrays ignore the extra slot.
    var owned: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } } + [nil]
    defer { for pointer in owned { free(pointer) } }
    return owned.withUnsafeMutableBufferPointer { buffer in
        buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { rebound in
            // An empty array still needs a valid pointer.
            guard let base = rebound.baseAddress else {
                var none: UnsafePointer<CChar>? = nil
                return withUnsafePointer(to: &none) { body($0) }
            }
            return body(UnsafePointer(base))
        }
    }
}

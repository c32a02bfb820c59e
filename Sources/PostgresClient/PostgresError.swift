/// An error from PostgreSQL or from libpq.
///
/// `description` says what failed in words fit for a log: the kind, the SQLSTATE and the
/// server's primary message. The server's `detail` and the failing statement may hold personal
/// data (chat texts, customer names), so they are kept out of `description` and shown only by
/// `String(reflecting:)`.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: String, Sendable {
        /// The connection could not be made.
        case connection
        /// The server reported an error for a statement.
        case server
        /// The connection broke while a statement or a COPY was under way.
        case connectionLost
        /// A value could not be decoded into the Swift type asked for.
        case decoding
        /// The client was used wrongly (e.g. a COPY statement run as a plain query).
        case protocolViolation
    }

    public var kind: Kind
    /// The five-character SQLSTATE when the server sent one (`42601` for a syntax error).
    public var sqlState: String?
    /// The server's or libpq's primary message.
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The statement that failed, when there was one.
    public var statement: String?
    /// What the client was connecting to (`host=/tmp/x port=5432 dbname=chatsla`), for connection errors.
    public var target: String?

    public init(
        kind: Kind,
        sqlState: String? = nil,
        message: String,
        detail: String? = nil,
        hint: String? = nil,
        statement: String? = nil,
        target: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.statement = statement
        self.target = target
    }

    public var description: String {
        switch kind {
        case .connection:
            return "cannot connect to PostgreSQL at \(target ?? "?"): \(message)"
        case .connectionLost:
            return "the connection to PostgreSQL was lost: \(message)"
        case .server:
            return "PostgreSQL error \(sqlState ?? "?????"): \(message)"
        case .decoding:
            return "cannot decode a PostgreSQL value: \(message)"
        case .protocolViolation:
            return "PostgreSQL client misuse: \(message)"
        }
    }

    public var debugDescription: String {
        var parts = [description]
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let statement { parts.append("statement: \(statement)") }
        return parts.joined(separator: "\n")
    }
}

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

    /// One sentence (no line break): what failed, the server's or libpq's reason, and for a
    /// failed connection what to do about it.
    public var description: String {
        let reason = Self.oneSentence(message)
        switch kind {
        case .connection:
            guard let target else { return reason }
            return "cannot connect to PostgreSQL at \(target): \(Self.withoutLibpqHint(reason)); \(connectionAdvice)"
        case .connectionLost:
            return "the connection to PostgreSQL was lost: \(reason)"
        case .server:
            return "PostgreSQL error \(sqlState ?? "?????"): \(reason)"
        case .decoding:
            return "cannot decode a PostgreSQL value: \(reason)"
        case .protocolViolation:
            return "PostgreSQL client misuse: \(reason)"
        }
    }

    /// Whether running the same command again, once the cause is gone, can be the fix: the
    /// connection was lost or the server stopped mid-run, it was starting or shutting down, a
    /// transaction lost a conflict, it ran out of resources. Not for a refused connection, a
    /// wrong password, user or database, or a statement the server refuses as such.
    public var rerunHelps: Bool {
        switch kind {
        case .connectionLost: return true
        case .connection: return Self.isTransientConnectionFailure(message.lowercased())
        case .server:
            guard let sqlState else { return false }
            return ["08", "40", "53", "57", "58"].contains(String(sqlState.prefix(2)))
        case .decoding, .protocolViolation: return false
        }
    }

    /// What to do about a failed connection, from libpq's reason.
    var connectionAdvice: String {
        let reason = message.lowercased()
        if reason.contains("password authentication failed") || reason.contains("no password supplied") {
            return "check the user and password in the URL"
        }
        if reason.contains("database \""), reason.contains("does not exist") {
            return "create that database (createdb) or correct its name in the URL"
        }
        if reason.contains("role \""), reason.contains("does not exist") {
            return "create that role or correct the user in the URL"
        }
        if reason.contains("could not translate host name") || reason.contains("name or service not known") {
            return "the host name is unknown; correct it in the URL"
        }
        if Self.isTransientConnectionFailure(reason) {
            return "the server is starting, stopping or full; wait a moment and run the command again"
        }
        if reason.contains("connection refused") || reason.contains("no such file or directory") {
            return "no server is listening there; start PostgreSQL (chatsla db start for the embedded one) "
                + "or correct the URL"
        }
        if reason.contains("timeout expired") {
            return "the server did not answer in time; check that it runs and that the network reaches it"
        }
        return "check that the server runs and that the URL is right"
    }

    private static func isTransientConnectionFailure(_ reason: String) -> Bool {
        reason.contains("the database system is starting up") || reason.contains("the database system is shutting down")
            || reason.contains("in recovery mode") || reason.contains("too many clients")
            || reason.contains("remaining connection slots")
    }

    /// libpq's text folded into one sentence. Its messages (one a line, `FATAL:`/`ERROR:` dropped)
    /// become clauses joined by `;`; an indented line continues the message before it, a
    /// capitalised one as a clause of its own (`…unexpectedly⏎\tThis probably means…` becomes
    /// `…unexpectedly; this probably means…`); white space runs become one space; no final stop.
    ///
    /// ```swift
    /// PostgresError.oneSentence("server closed the connection unexpectedly\n\tThis probably means …")
    /// // "server closed the connection unexpectedly; this probably means …"
    /// ```
    public static func oneSentence(_ text: String) -> String {
        var clauses: [String] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let continues = rawLine.first?.isWhitespace == true
            var line = rawLine.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for severity in ["FATAL: ", "ERROR: "] where line.hasPrefix(severity) { line.removeFirst(severity.count) }
            guard let first = line.first else { continue }
            let capitalised = first.isUppercase && line.dropFirst().first?.isLowercase == true
            if continues, !capitalised, let last = clauses.popLast() {
                clauses.append(last + " " + line)
            } else {
                clauses.append(capitalised ? first.lowercased() + line.dropFirst() : line)
            }
        }
        let trimmed = clauses.map { clause in
            ".?!".contains(clause.last ?? " ") && clauses.last != clause ? String(clause.dropLast()) : clause
        }
        let sentence = trimmed.joined(separator: "; ")
        return sentence.hasSuffix(".") ? String(sentence.dropLast()) : sentence
    }

    /// libpq's reason without the server's severity word and libpq's own question (`is the
    /// server running on that host…?`), which the advice replaces.
    private static func withoutLibpqHint(_ text: String) -> String {
        var reason = text.replacing("FATAL: ", with: "")
        if let hint = reason.firstRange(of: "; is the server running") { reason = String(reason[..<hint.lowerBound]) }
        return reason.hasSuffix(".") ? String(reason.dropLast()) : reason
    }

    public var debugDescription: String {
        var parts = [description]
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let statement { parts.append("statement: \(statement)") }
        return parts.joined(separator: "\n")
    }
}

/// A statement with its parameters kept apart from its text.
///
/// String interpolation turns every interpolated value into a `$n` parameter, so a value can
/// never become SQL:
///
/// ```swift
/// let query: PostgresQuery = "SELECT name FROM users WHERE source_id = \(userID) AND active = \(true)"
/// // query.sql   == "SELECT name FROM users WHERE source_id = $1 AND active = $2"
/// // query.binds == [userID, "t"]
/// ```
///
/// SQL loaded from a file is passed with explicit binds: `PostgresQuery(sql: text, binds: [...])`.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    public var sql: String
    public var binds: [PostgresBind]

    public init(sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(sql: String, _ values: any PostgresBindable...) {
        self.init(sql: sql, binds: values.map(\.postgresBind))
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [PostgresBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation(_ value: some PostgresBindable) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// Splices trusted SQL text (an identifier the program made, never user input).
        public mutating func appendInterpolation(unescaped text: String) {
            sql += text
        }
    }
}

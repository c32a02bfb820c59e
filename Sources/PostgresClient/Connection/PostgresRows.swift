internal import CLibPQ

/// The whole result of one statement, read by row and column.
///
/// Meant for small results (settings, counts, lookups); stream large ones with `copyOut`.
public final class PostgresRows {
    private let result: PostgresResult

    init(result: consuming PostgresResult) {
        self.result = result
    }

    public var count: Int { Int(PQntuples(result.pointer)) }
    public var columnCount: Int { Int(PQnfields(result.pointer)) }

    /// The number of rows the statement touched (`INSERT`, `UPDATE`, `DELETE`, `COPY`), or 0.
    public var affectedRows: Int { result.affectedRows }

    /// The command tag (`INSERT 0 1`, `COMMIT`, `ROLLBACK`).
    public var commandTag: String {
        guard let text = PQcmdStatus(result.pointer) else { return "" }
        return String(cString: text)
    }

    public func columnName(_ column: Int) -> String {
        guard let name = PQfname(result.pointer, Int32(column)) else { return "" }
        return String(cString: name)
    }

    /// The value's text form, or `nil` for `NULL`.
    public subscript(row: Int, column: Int) -> String? {
        guard PQgetisnull(result.pointer, Int32(row), Int32(column)) == 0,
            let value = PQgetvalue(result.pointer, Int32(row), Int32(column))
        else { return nil }
        return String(cString: value)
    }

    /// Decodes one value, failing with a clear error on `NULL` or a value of another shape.
    public func decode<T: PostgresTextDecodable>(_ type: T.Type, row: Int, column: Int) throws -> T {
        guard let text = self[row, column] else {
            throw PostgresError(kind: .decoding, message: "column \(columnName(column)) of row \(row) is NULL")
        }
        guard let value = T(postgresText: text) else {
            throw PostgresError(
                kind: .decoding,
                message: "column \(columnName(column)) of row \(row) is not a \(T.self)"
            )
        }
        return value
    }

    /// Decodes one value that may be `NULL`.
    public func decodeOptional<T: PostgresTextDecodable>(_ type: T.Type, row: Int, column: Int) throws -> T? {
        guard self[row, column] != nil else { return nil }
        return try decode(type, row: row, column: column)
    }
}

/// A Swift value that can be read from PostgreSQL's text format.
public protocol PostgresTextDecodable {
    init?(postgresText: String)
}

extension String: PostgresTextDecodable {
    public init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresTextDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresTextDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int32: PostgresTextDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Double: PostgresTextDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Bool: PostgresTextDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

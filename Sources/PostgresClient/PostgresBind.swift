/// A value sent to the server as a statement parameter (`$1`, `$2`, …), never spliced into SQL.
///
/// Values travel in PostgreSQL's text format; the server converts them to the parameter's type.
public struct PostgresBind: Sendable, Hashable {
    /// The text form, or `nil` for SQL `NULL`.
    public var text: String?

    public init(text: String?) {
        self.text = text
    }

    public static let null = PostgresBind(text: nil)
}

/// A Swift value that can be sent as a statement parameter.
public protocol PostgresBindable {
    var postgresBind: PostgresBind { get }
}

extension String: PostgresBindable {
    public var postgresBind: PostgresBind { PostgresBind(text: self) }
}

extension Substring: PostgresBindable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self)) }
}

extension Int: PostgresBindable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self)) }
}

extension Int64: PostgresBindable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self)) }
}

extension Int32: PostgresBindable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self)) }
}

extension Double: PostgresBindable {
    public var postgresBind: PostgresBind { PostgresBind(text: "\(self)") }
}

extension Bool: PostgresBindable {
    public var postgresBind: PostgresBind { PostgresBind(text: self ? "t" : "f") }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresBind: PostgresBind { self?.postgresBind ?? .null }
}

extension Array: PostgresBindable where Element: PostgresBindable {
    /// A one-dimensional array literal (`{"a","b\"c",NULL}`), every element quoted.
    public var postgresBind: PostgresBind {
        var out = "{"
        for (index, element) in enumerated() {
            if index > 0 { out += "," }
            guard let text = element.postgresBind.text else {
                out += "NULL"
                continue
            }
            out += "\""
            for character in text {
                if character == "\"" || character == "\\" { out += "\\" }
                out.append(character)
            }
            out += "\""
        }
        return PostgresBind(text: out + "}")
    }
}

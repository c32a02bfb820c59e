/// Quotes an SQL identifier the program made (a database or table name), doubling inner quotes.
///
/// ```swift
/// quoteIdentifier("chatsla_test") // "\"chatsla_test\""
/// ```
public func quoteIdentifier(_ name: String) -> String {
    var quoted = "\""
    for character in name {
        quoted.append(character == "\"" ? "\"\"" : String(character))
    }
    return quoted + "\""
}

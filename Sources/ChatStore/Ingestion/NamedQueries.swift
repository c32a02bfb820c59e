import Foundation

/// The statements of one file under `queries/`, each introduced by a `-- name: …` line.
///
/// A file stays runnable in psql (every statement ends with `;`); the ingester picks its
/// statements by name, and so do the benchmarks (`queries/bench/`).
public struct NamedQueries: Sendable {
    private var statements: [String: String] = [:]

    /// Reads and splits `queries/<relativePath>`.
    public init(_ relativePath: String) throws {
        let text = try QueryFiles.text(relativePath)
        var name: String?
        var body: [Substring] = []
        func finish() {
            guard let name else { return }
            var sql = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if sql.hasSuffix(";") && !sql.dropLast().contains(";") { sql.removeLast() }
            statements[name] = sql
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- name: ") {
                finish()
                name = String(line.dropFirst("-- name: ".count)).trimmingCharacters(in: .whitespaces)
                body = []
            } else if name != nil, !line.hasPrefix("--") {
                body.append(line)
            }
        }
        finish()
        if statements.isEmpty { throw StoreError.queryFileUnreadable("no named statements in queries/\(relativePath)") }
    }

    /// The names of the file's statements, in no particular order.
    public var names: Dictionary<String, String>.Keys { statements.keys }

    /// The statements of the script called `name`, each without its closing semicolon.
    ///
    /// A statement ends with a semicolon at the end of a line (as every file in `queries/` is
    /// written; comments are already gone).
    /// - Throws: `StoreError.queryMissing` when the file has no such name.
    public func statements(of name: String) throws -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        for line in try self(name).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix(";"), let end = line.lastIndex(of: ";") {
                current.append(line[..<end])
                statements.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The statement called `name`.
    public func callAsFunction(_ name: String) throws -> String {
        guard let sql = statements[name] else { throw StoreError.queryMissing(name) }
        return sql
    }
}

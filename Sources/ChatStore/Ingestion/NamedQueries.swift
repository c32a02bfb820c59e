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

    /// The statement called `name`.
    public func callAsFunction(_ name: String) throws -> String {
        guard let sql = statements[name] else { throw StoreError.queryMissing(name) }
        return sql
    }
}

import Foundation

/// The SQL files of `queries/`, read at run time from the source tree.
///
/// Every SQL file lives in the top-level `queries/` folder so that it runs as-is in psql.
/// SwiftPM cannot bundle a folder outside a target (a link is copied as a dangling link), so
/// the folder is found from this file's compile-time path; `CHATSLA_QUERIES` overrides it for
/// a binary installed away from its sources.
public enum QueryFiles {
    /// The folder holding `schema/`, `extraction/` and `reference/`.
    public static var folder: String {
        if let override = ProcessInfo.processInfo.environment["CHATSLA_QUERIES"] { return override }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("queries").path
    }

    /// The text of one file, by its path under `queries/` (`extraction/messages.sql`).
    public static func text(_ relativePath: String) throws -> String {
        let path = folder + "/" + relativePath
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw StoreError.queryFileUnreadable("cannot read the query file \(path): \(error.localizedDescription)")
        }
    }
}

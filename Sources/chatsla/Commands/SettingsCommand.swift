import ArgumentParser
import ChatDomain
import Foundation
import PostgresClient

/// What `limits show | set` and `hours show | set` share: the `--at` instant, the connection
/// whose failure is the command's one-line failure, and the table on the terminal.
enum SettingsCommand {
    /// Checks `show --at`: an RFC 3339 instant with an offset.
    static func validate(at: String?) throws {
        if let at, case .failure(let problem) = RFC3339.parse(at) {
            throw ValidationError("--at \(at) is not an RFC 3339 instant with an offset: \(problem)")
        }
    }

    /// The instant of `--at` (checked by ``validate(at:)``), or now: µs since the Unix epoch.
    static func instant(at: String?) -> Int64 {
        if let at, case .success(let parsed) = RFC3339.parse(at) { return parsed }
        return Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// Runs `body` on a connection to the database, closed after it; any failure is printed as
    /// the command's one-line failure.
    static func connected<Result>(
        _ database: DatabaseOptions,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        do {
            let connection = try database.connect()
            defer { connection.close() }
            return try body(connection)
        } catch {
            throw fail(error)
        }
    }
}

/// Prints rows as aligned columns (first column left-aligned, the rest too: ids and durations).
func printTable(_ header: [String], _ rows: [[String]]) {
    let table = [header] + rows
    let widths = header.indices.map { column in table.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    for line in table {
        print(
            line.enumerated().map { column, cell in
                column == line.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        )
    }
}

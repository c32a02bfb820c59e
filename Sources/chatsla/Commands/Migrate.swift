import ArgumentParser
import ChatStore

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the schema (queries/schema/*.sql); running it again changes nothing."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        do {
            let connection = try database.connect()
            defer { connection.close() }
            let applied = try Migrator().migrate(connection)
            if applied.isEmpty {
                print("schema is up to date")
            } else {
                print("applied: \(applied.joined(separator: ", "))")
            }
        } catch {
            throw fail(error)
        }
    }
}

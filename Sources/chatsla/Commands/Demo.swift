import ArgumentParser

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the embedded database: generate and ingest a month, write a report."
    )

    func run() throws {
        throw fail("demo is not yet implemented: it needs the ingestion and report commands", code: 2)
    }
}

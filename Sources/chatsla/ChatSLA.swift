import ArgumentParser

@main
struct ChatSLA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatsla",
        abstract: "SLA reports for CRM chats: ingest chat events into PostgreSQL, report response times and breaches.",
        discussion: """
            With neither --database-url nor DATABASE_URL, every command uses the embedded default: a private \
            PostgreSQL cluster under $CHATSLA_HOME (default .chatsla/ in the current folder), started on demand.
            """,
        subcommands: [
            Database.self, Migrate.self, Generate.self, Ingest.self, Report.self, Limits.self, Tune.self, Bench.self,
            Demo.self,
        ]
    )
}

import ArgumentParser
import Foundation
import Logging

@main
struct ChatSLA: ParsableCommand {
    /// Logs go to standard error at `notice` and above unless `CHATSLA_LOG_LEVEL` says otherwise
    /// (`trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`).
    static func main() {
        let level = ProcessInfo.processInfo.environment["CHATSLA_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level ?? .notice
            return handler
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Bad flags and values: one line naming what is wrong, exit 2 (ArgumentParser's own
            // usage failure is 64 with the whole usage text; `--help` and run errors keep theirs).
            if exitCode(for: error).rawValue == 64 {
                let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                FileHandle.standardError.write(Data("chatsla: \(line) (see --help)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "chatsla",
        abstract: "SLA reports for CRM chats: ingest chat events into PostgreSQL, report response times and breaches.",
        discussion: """
            With neither --database-url nor DATABASE_URL, every command uses the embedded default: a private \
            PostgreSQL cluster under $CHATSLA_HOME (default .chatsla/ in the current folder), started on demand.
            """,
        subcommands: [
            Database.self, Migrate.self, Generate.self, Ingest.self, Serve.self, Report.self, Limits.self, Hours.self,
            Tune.self, Bench.self, Demo.self,
        ]
    )
}

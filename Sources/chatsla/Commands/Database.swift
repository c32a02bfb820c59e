import ArgumentParser
import EmbeddedPostgres
import PostgresClient

struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster (under $CHATSLA_HOME, default .chatsla/).",
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self]
    )

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the embedded cluster, creating it on first use; a running one is left alone."
        )

        func run() throws {
            let cluster = DatabaseOptions.embeddedCluster
            do {
                try cluster.start()
            } catch {
                throw fail("\(error)")
            }
            print("running: \(cluster.dataDirectory) (socket in \(cluster.socketDirectory))")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the embedded cluster; a stopped one is left alone."
        )

        func run() throws {
            let cluster = DatabaseOptions.embeddedCluster
            do {
                try cluster.stop()
            } catch {
                throw fail("\(error)")
            }
            print("stopped: \(cluster.dataDirectory)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the embedded cluster runs, and where.",
            discussion: "Exit status: 0 running, 3 stopped or not created yet."
        )

        func run() throws {
            let cluster = DatabaseOptions.embeddedCluster
            let status: LocalCluster.Status
            do {
                status = try cluster.status()
            } catch {
                throw fail("\(error)")
            }
            switch status {
            case .running(let pid):
                print("running (pid \(pid)): \(cluster.dataDirectory), socket in \(cluster.socketDirectory)")
            case .stopped:
                print("stopped: \(cluster.dataDirectory)")
                throw ExitCode(3)
            case .notInitialized:
                print("not created yet: \(cluster.home) (chatsla db start creates it)")
                throw ExitCode(3)
            }
        }
    }

    struct URLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print the embedded cluster's connection URL (for psql or DATABASE_URL)."
        )

        func run() {
            print(DatabaseOptions.embeddedCluster.url)
        }
    }
}

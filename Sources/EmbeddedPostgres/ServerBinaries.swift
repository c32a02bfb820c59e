import ChildProcesses
import Foundation

/// Where the PostgreSQL server programs are.
struct ServerBinaries {
    let directory: String

    func path(_ program: String) -> String { directory + "/" + program }

    static func locate() throws -> ServerBinaries {
        let manager = FileManager.default
        var candidates: [String] = []
        if let bindir = try? Self.output(of: ["pg_config", "--bindir"]) { candidates.append(bindir) }
        if let versions = try? manager.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            let sorted = versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            candidates += sorted.map { "/usr/lib/postgresql/\($0)/bin" }
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        candidates += path.split(separator: ":").map(String.init)
        for directory in candidates
        where ["initdb", "pg_ctl", "postgres"].allSatisfy({ manager.isExecutableFile(atPath: directory + "/" + $0) }) {
            return ServerBinaries(directory: directory)
        }
        throw LocalClusterError(
            "no PostgreSQL server programs (initdb, pg_ctl, postgres) were found via pg_config, in "
                + "/usr/lib/postgresql/*/bin or on PATH; install them (Debian/Ubuntu: apt-get install postgresql), "
                + "or point chatsla at a server with --database-url or DATABASE_URL"
        )
    }

    private static func output(of command: [String]) throws -> String {
        let finished = try ChildProcess.run(command, timeout: .seconds(60))
        guard finished.status == 0 else { throw LocalClusterError("\(command[0]) failed") }
        return finished.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

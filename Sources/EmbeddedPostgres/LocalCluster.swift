import Foundation
import PostgresClient

#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster in a folder of its own, reached only through a Unix socket.
///
/// This is chatsla's embedded default (`chatsla db start`) and the test suite's server. The
/// folder holds `data/` (the cluster), `run/` (the socket, mode 0700) and `log/server.log`.
/// The server binaries are found with `pg_config --bindir`, in `/usr/lib/postgresql/*/bin`, or
/// on `PATH`. PostgreSQL refuses to run as root, so when the caller is root the server runs as
/// an unprivileged account (`postgres` unless `CHATSLA_SERVER_USER` names another) through
/// `runuser`, while the client side stays the caller.
///
/// ```swift
/// let cluster = try LocalCluster(home: ".chatsla")
/// try cluster.start()          // initdb on first use; a running server is left alone
/// let connection = try PostgresConnection(url: cluster.url)
/// ```
public struct LocalCluster: Sendable {
    /// Absolute path of the cluster's folder.
    public let home: String
    /// Whether the server syncs to disk (off for throwaway test clusters).
    public let durable: Bool
    /// The database created for chatsla's tables.
    public let databaseName: String
    /// The superuser the client connects as.
    public static let superuser = "chatsla"
    /// The socket's port number: part of the socket file name only; there is no TCP listener.
    public static let port = 5432

    public var dataDirectory: String { home + "/data" }
    public var socketDirectory: String { home + "/run" }
    public var logFile: String { home + "/log/server.log" }

    /// The libpq URL of the cluster's database.
    public var url: String { url(database: databaseName) }

    public func url(database: String) -> String {
        "postgresql:///\(database)?host=\(socketDirectory)&port=\(Self.port)&user=\(Self.superuser)"
    }

    public init(home: String, durable: Bool = true, databaseName: String = "chatsla") {
        let absolute = home.hasPrefix("/") ? home : FileManager.default.currentDirectoryPath + "/" + home
        self.home = URL(fileURLWithPath: absolute).standardizedFileURL.path
        self.durable = durable
        self.databaseName = databaseName
    }

    /// Whether the server is up, and its process id.
    public enum Status: Sendable, Equatable {
        case running(pid: Int32)
        case stopped
        case notInitialized
    }

    public func status() throws -> Status {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return .notInitialized }
        guard let pid = postmasterPID(), Self.isAlive(pid) else { return .stopped }
        return .running(pid: pid)
    }

    /// The pid recorded in `postmaster.pid`, if the file exists.
    private func postmasterPID() -> Int32? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else {
            return nil
        }
        return text.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Whether a process runs (a zombie, killed but not yet reaped, does not).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return kill(pid, 0) == 0
        }
        // The state follows the command name in parentheses: "1234 (postgres) S …".
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Starts the server, creating the cluster and its database on first use.
    ///
    /// Safe to call when it already runs and from several processes at once (a lock file
    /// serialises them); a `postmaster.pid` left by a crashed server is recovered.
    ///
    /// - Throws: `LocalClusterError` saying what failed and what to do.
    public func start() throws {
        // A folder the user made keeps the permissions they gave it; only one made here is opened.
        let madeHere = !FileManager.default.fileExists(atPath: home)
        try makeFolder(home)
        try withLock {
            let binaries = try ServerBinaries.locate()
            let account = try ServerAccount.current()
            try prepareFolders(account: account, homeMadeHere: madeHere)
            if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
                try initialize(binaries: binaries)
            }
            if case .running = try status() {
                try ensureDatabase()
                return
            }
            // A crashed server leaves its pid file behind; with no live process behind it, it is stale.
            if postmasterPID() != nil {
                for stale in [dataDirectory + "/postmaster.pid", socketDirectory + "/.s.PGSQL.\(Self.port).lock"] {
                    try? FileManager.default.removeItem(atPath: stale)
                }
            }
            var result = try startServer(binaries: binaries)
            // The crashed server's children hold its shared memory for a few seconds after it died.
            var retries = 0
            while result.status != 0, retries < 20,
                tail(ofFile: logFile).contains("shared memory block is still in use")
            {
                Thread.sleep(forTimeInterval: 0.5)
                retries += 1
                result = try startServer(binaries: binaries)
            }
            guard result.status == 0 else {
                throw LocalClusterError(
                    "the PostgreSQL server in \(dataDirectory) did not start: \(result.output)\n"
                        + "its log is \(logFile):\n\(tail(ofFile: logFile))"
                )
            }
            try ensureDatabase()
        }
    }

    /// Stops the server; a stopped one is left alone.
    ///
    /// - Parameter immediately: abort at once (no checkpoint), as a crash would.
    /// - Throws: `LocalClusterError` when `pg_ctl stop` fails.
    public func stop(immediately: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return }
        guard case .running = try status() else { return }
        let binaries = try ServerBinaries.locate()
        let result = try run(
            [
                binaries.path("pg_ctl"), "stop", "-D", dataDirectory, "-m", immediately ? "immediate" : "fast", "-w",
                "-s",
            ],
            asServer: true
        )
        guard result.status == 0 else {
            throw LocalClusterError("the PostgreSQL server in \(dataDirectory) did not stop: \(result.output)")
        }
    }

    /// A shell command that stops the server at once and deletes the folder, for a watchdog
    /// process that outlives its parent (the test suite's teardown after a crash).
    public func teardownShellCommand() throws -> String {
        let binaries = try ServerBinaries.locate()
        var stop = "\(binaries.path("pg_ctl")) stop -D '\(dataDirectory)' -m immediate -w -s"
        if let server = try ServerAccount.current().serverUser {
            stop = "/usr/sbin/runuser -u \(server.name) -- " + stop
        }
        return "\(stop) >/dev/null 2>&1; rm -rf '\(home)'"
    }

    /// Stops the server and deletes the cluster's folder.
    public func destroy() throws {
        try? stop(immediately: true)
        try? FileManager.default.removeItem(atPath: home)
    }

    // MARK: - Steps

    /// Creates the socket and log folders and gives them to the server account.
    ///
    /// `home` is opened (0755) to the server account only when `start` created it just now: a
    /// folder the user made (say 0700) is never widened; when the server account cannot reach
    /// it, the error says so and what to do.
    /// - Parameters:
    ///   - account: who runs the client and who runs the server.
    ///   - homeMadeHere: whether `start` created `home` just now.
    /// - Throws: `LocalClusterError` when a folder cannot be made or reached.
    private func prepareFolders(account: ServerAccount, homeMadeHere: Bool) throws {
        let manager = FileManager.default
        for folder in [socketDirectory, home + "/log"] {
            try makeFolder(folder)
        }
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: socketDirectory)
        guard let server = account.serverUser else { return }
        // The server account must reach the folder; the client (root) reaches everything anyway.
        if homeMadeHere { try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home) }
        for folder in [socketDirectory, home + "/log"] where chown(folder, server.uid, server.gid) != 0 {
            throw LocalClusterError("cannot give \(folder) to the server account \(server.name): \(errnoText())")
        }
        let reach = try run(["/usr/bin/test", "-x", home, "-a", "-w", home + "/log"], asServer: true)
        guard reach.status == 0 else {
            throw LocalClusterError(
                "the server account \(server.name) cannot reach \(home) (it or a parent folder is closed to "
                    + "it); open it to that account (e.g. chmod o+x) or set CHATSLA_HOME to a folder it can reach, "
                    + "e.g. /var/tmp/chatsla"
            )
        }
    }

    /// Creates `path` and its parents unless it is a folder already; something else in the way
    /// (a file named `log` in `CHATSLA_HOME`) is one sentence naming it and what to do.
    private func makeFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw LocalClusterError(
                    "\(path) is a file where the embedded database needs a folder; move that file away "
                        + "or set CHATSLA_HOME to another folder"
                )
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw LocalClusterError(
                "cannot create the folder \(path) (\(reason)); check that its parent folders are folders you can "
                    + "write to, or set CHATSLA_HOME to another folder"
            )
        }
    }

    private func initialize(binaries: ServerBinaries) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: dataDirectory) { try manager.removeItem(atPath: dataDirectory) }
        try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: false)
        if let server = try ServerAccount.current().serverUser, chown(dataDirectory, server.uid, server.gid) != 0 {
            throw LocalClusterError("cannot give \(dataDirectory) to the server account \(server.name): \(errnoText())")
        }
        var arguments = [
            binaries.path("initdb"), "-D", dataDirectory, "-U", Self.superuser, "--auth=trust",
            "-E", "UTF8", "--no-locale",
        ]
        if !durable { arguments.append("--no-sync") }
        let result = try run(arguments, asServer: true)
        guard result.status == 0 else {
            try? manager.removeItem(atPath: dataDirectory)
            throw LocalClusterError("initdb failed for \(dataDirectory): \(result.output)")
        }
        var settings = """

            # chatsla: a private server on a Unix socket only.
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory)'
            port = \(Self.port)
            work_mem = 64MB
            maintenance_work_mem = 256MB
            max_wal_size = 4GB
            logging_collector = off

            """
        if !durable { settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n" }
        let configuration = dataDirectory + "/postgresql.conf"
        guard let handle = FileHandle(forWritingAtPath: configuration) else {
            throw LocalClusterError("cannot write \(configuration)")
        }
        handle.seekToEndOfFile()
        handle.write(Data(settings.utf8))
        handle.closeFile()
    }

    private func startServer(binaries: ServerBinaries) throws -> CommandResult {
        // Given at each start rather than written once by initdb, so that a cluster made by an
        // earlier chatsla (whose postgresql.conf says 256MB) gets it too: the command line wins.
        let buffers = Self.sharedBuffers(physicalMemory: ProcessInfo.processInfo.physicalMemory)
        return try run(
            [
                binaries.path("pg_ctl"), "start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s",
                "-o", "-c shared_buffers=\(buffers / (1 << 20))MB",
            ],
            asServer: true
        )
    }

    /// The server's buffer cache: a sixteenth of the machine's memory, from 256 MiB up to 1 GiB.
    ///
    /// Ingestion at 1M dialogs touches more index and table pages per batch than 256 MiB holds:
    /// with it the writing backend read back and wrote out nearly every page it dirtied (11M
    /// buffers written by backends against 0.3M by the background writer over a bulk load), and
    /// 1 GiB took 7% off the server's CPU per event (docs/PERFORMANCE.md, session 20). A chatsla
    /// cluster shares its machine with other programs: a sixteenth, not PostgreSQL's usual quarter
    /// for a dedicated server.
    ///
    /// - Returns: bytes, a whole number of MiB.
    public static func sharedBuffers(physicalMemory: UInt64) -> UInt64 {
        let mebibyte: UInt64 = 1 << 20
        let share = physicalMemory / 16 / mebibyte * mebibyte
        return min(max(share, 256 * mebibyte), 1024 * mebibyte)
    }

    private func ensureDatabase() throws {
        let connection = try PostgresConnection(url: url(database: "postgres"))
        defer { connection.close() }
        let found = try connection.query("SELECT 1 FROM pg_database WHERE datname = \(databaseName)")
        guard found.count == 0 else { return }
        do {
            try connection.query(PostgresQuery(sql: "CREATE DATABASE \(quoteIdentifier(databaseName))"))
        } catch let error as PostgresError where error.sqlState == "42P04" {
            return  // created meanwhile by another process
        }
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let path = home + "/.lock"
        let descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw LocalClusterError("cannot open the lock file \(path): \(errnoText())") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw LocalClusterError("cannot lock \(path): \(errnoText())")
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    // MARK: - Processes

    struct CommandResult {
        var status: Int32
        var output: String
    }

    private func run(_ arguments: [String], asServer: Bool) throws -> CommandResult {
        var command = arguments
        if asServer, let server = try ServerAccount.current().serverUser {
            command = ["/usr/sbin/runuser", "-u", server.name, "--"] + arguments
        }
        return try runProcess(command)
    }

    private func tail(ofFile path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}

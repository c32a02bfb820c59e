import Foundation
import PostgresClient

#if canImport(Glibc)
import Glibc
#endif

/// The CPU time a PostgreSQL server has used, when it runs on this machine and its processes can
/// be read here (the embedded cluster, a local server of this user or of root): the postmaster's
/// own time and that of its reaped children (backends that ended), plus every live child's
/// (backends, autovacuum, WAL writer, checkpointer). A benchmark reads it before and after a run,
/// so that its lines say which side bounds the run: the client or the server.
///
/// Elsewhere (a server on another host, in a container, or one whose data directory this user
/// cannot read) there is no probe, and the figures print as `-`.
///
/// ```swift
/// let server = ServerCPU.probe(connection)          // nil for a server read from elsewhere
/// let (result, serverSeconds) = try ServerCPU.used(by: server) { try run() }
/// ```
public struct ServerCPU: Sendable {
    /// The postmaster's process id (the first line of `postmaster.pid` in the data directory).
    public let postmaster: Int32

    /// The probe of the server `connection` is talking to, or nil when its processes cannot be
    /// read from here. Needs the right to read `data_directory` (a superuser, or a member of
    /// `pg_read_all_settings`) and that directory's `postmaster.pid`.
    public static func probe(_ connection: PostgresConnection) -> ServerCPU? {
        guard let result = try? connection.query(PostgresQuery(sql: "SELECT current_setting('data_directory')")),
            result.count == 1, let directory = result[0, 0],
            let pidFile = try? String(contentsOfFile: directory + "/postmaster.pid", encoding: .utf8),
            let firstLine = pidFile.split(separator: "\n").first,
            let pid = Int32(firstLine.trimmingCharacters(in: .whitespaces)),
            let stat = ProcessStat.read(pid), stat.command == "postgres"
        else { return nil }
        return ServerCPU(postmaster: pid)
    }

    /// Runs `body`, and returns what it returned with the CPU seconds `server` used meanwhile (nil
    /// without a probe, or when the postmaster went away).
    public static func used<T>(
        by server: ServerCPU?,
        during body: () throws -> T
    ) rethrows -> (result: T, serverSeconds: Double?) {
        let before = server?.seconds()
        let result = try body()
        let after = server?.seconds()
        return (result, before.flatMap { before in after.map { $0 - before } })
    }

    /// CPU seconds used by the server so far, or nil when the postmaster has gone.
    ///
    /// A backend that ends while the children are read would be counted twice or not at all
    /// (live, then in the postmaster's reaped time, or the other way round): the postmaster's
    /// reaped time is read before and after the children, and the reading is repeated until it
    /// did not change (a client's backends end just after the client does, when a benchmark
    /// reads this).
    /// - Complexity: one read of `/proc/PID/stat` for every process of the machine, a few times.
    public func seconds() -> Double? {
        for _ in 0..<50 {
            guard let before = ProcessStat.read(postmaster) else { return nil }
            var ticks = 0
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for entry in entries {
                guard let pid = Int32(entry), pid != postmaster, let stat = ProcessStat.read(pid),
                    stat.parent == postmaster
                else { continue }
                ticks += stat.ownTicks
            }
            guard let after = ProcessStat.read(postmaster) else { return nil }
            if after.reapedChildrenTicks == before.reapedChildrenTicks {
                ticks += after.ownTicks + after.reapedChildrenTicks
                return Double(ticks) / Double(ProcessStat.ticksPerSecond)
            }
            usleep(20_000)
        }
        return nil
    }
}

/// The fields of `/proc/PID/stat` a CPU account needs.
struct ProcessStat {
    /// The executable's name (`comm`, at most 15 bytes).
    var command: String
    var parent: Int32
    /// `utime` + `stime`, in clock ticks.
    var ownTicks: Int
    /// `cutime` + `cstime`: the children this process has waited for.
    var reapedChildrenTicks: Int

    static let ticksPerSecond = max(1, sysconf(Int32(_SC_CLK_TCK)))

    /// The process's figures, or nil when it has gone or cannot be read.
    static func read(_ pid: Int32) -> ProcessStat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    /// Parses one `stat` line: `pid (comm) state ppid …`, where `comm` may hold spaces and
    /// parentheses, so the fields are counted from the last `)`.
    static func parse(_ line: String) -> ProcessStat? {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")") else { return nil }
        let command = String(line[line.index(after: open)..<close])
        // After `)`: state (field 3), ppid (4), … utime (14), stime (15), cutime (16), cstime (17).
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let parent = Int32(fields[1]), let utime = Int(fields[11]),
            let stime = Int(fields[12]), let cutime = Int(fields[13]), let cstime = Int(fields[14])
        else { return nil }
        return ProcessStat(
            command: command,
            parent: parent,
            ownTicks: utime + stime,
            reapedChildrenTicks: cutime + cstime
        )
    }
}

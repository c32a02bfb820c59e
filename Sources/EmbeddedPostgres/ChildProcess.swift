import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end and returns its exit status and output.
///
/// Output goes to a temporary file rather than a pipe: `pg_ctl start` leaves the server
/// holding its standard streams, and a pipe would then never reach end-of-file. The child is
/// spawned and reaped directly (`posix_spawn`, `waitpid`) so nothing depends on a run loop.
func runProcess(_ command: [String], detached: Bool = false) throws -> LocalCluster.CommandResult {
    let outputPath = FileManager.default.temporaryDirectory
        .appendingPathComponent("chatsla-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out").path
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(
        &actions,
        1,
        detached ? "/dev/null" : outputPath,
        O_WRONLY | O_CREAT | O_TRUNC,
        0o600
    )
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    if detached {
        // A session of its own: a Ctrl-C or kill aimed at the parent's group does not reach it.
        posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID (glibc), not imported by Swift
    }
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    let spawned = posix_spawnp(&pid, command[0], &actions, &attributes, argv, environ)
    guard spawned == 0 else {
        throw LocalClusterError("cannot run \(command[0]): \(String(cString: strerror(spawned)))")
    }
    if detached { return LocalCluster.CommandResult(status: 0, output: "") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw LocalClusterError("cannot wait for \(command[0]): \(errnoText())") }
    }
    let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    return LocalCluster.CommandResult(
        status: exitStatus,
        output: output.trimmingCharacters(in: .whitespacesAndNewlines)
    )
}

/// Starts `/bin/sh -c script` in a session of its own and does not wait for it.
public func spawnDetachedShell(_ script: String) throws {
    _ = try runProcess(["/bin/sh", "-c", script], detached: true)
}

func errnoText() -> String {
    String(cString: strerror(errno))
}

import ChildProcesses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end and returns its exit status and output (standard error merged).
///
/// Output goes to a temporary file rather than a pipe: `pg_ctl start` leaves the server
/// holding its standard streams, and a pipe would then never reach end-of-file.
func runProcess(_ command: [String]) throws -> LocalCluster.CommandResult {
    do {
        let finished = try ChildProcess.run(command, error: .mergeIntoOutput)
        return LocalCluster.CommandResult(
            status: finished.status,
            output: finished.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        )
    } catch let failure as ChildProcess.Failure {
        throw LocalClusterError(failure.description)
    }
}

/// Starts `/bin/sh -c script` in a session of its own and does not wait for it.
public func spawnDetachedShell(_ script: String) throws {
    do {
        _ = try ChildProcess.start(["/bin/sh", "-c", script], output: .discard, error: .output, ownSession: true)
    } catch let failure as ChildProcess.Failure {
        throw LocalClusterError(failure.description)
    }
}

func errnoText() -> String {
    String(cString: strerror(errno))
}

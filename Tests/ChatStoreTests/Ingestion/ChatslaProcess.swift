import ChildProcesses
import Foundation

/// Runs the built `chatsla` executable (beside this test bundle) and collects what it did.
enum ChatslaProcess {
    struct Outcome {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The `chatsla` executable beside this test bundle.
    static func binary() throws -> String {
        let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = folder.appendingPathComponent("chatsla").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "no chatsla binary at \(path): build it first (swift build --build-tests)")
        }
        return path
    }

    /// Starts `chatsla arguments` with `environment` added to this process's; `whileRunning` is
    /// called with the process once it runs (to signal it, say). A run that has not ended after
    /// ten minutes is killed and throws, so a hang fails the test instead of stalling the suite.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        whileRunning: (ChildProcess) throws -> Void = { _ in }
    ) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory
        let out = folder.appendingPathComponent("chatsla-\(UUID().uuidString).out").path
        let err = folder.appendingPathComponent("chatsla-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let started = ContinuousClock.now
        let process = try ChildProcess.start(
            [try binary()] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            output: .file(out),
            error: .file(err)
        )
        try whileRunning(process)
        let exit = try process.wait(timeout: .seconds(600))
        let elapsed = ContinuousClock.now - started
        return Outcome(
            status: exit.status,
            signalled: exit.signal != nil,
            stdout: try String(contentsOfFile: out, encoding: .utf8),
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }
}

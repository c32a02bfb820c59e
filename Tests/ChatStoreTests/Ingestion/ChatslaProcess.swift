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
    /// called with the process once it runs (to signal it, say).
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        whileRunning: (Process) throws -> Void = { _ in }
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let folder = FileManager.default.temporaryDirectory
        let out = folder.appendingPathComponent("chatsla-\(UUID().uuidString).out")
        let err = folder.appendingPathComponent("chatsla-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let started = ContinuousClock.now
        try process.run()
        try whileRunning(process)
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - started
        return Outcome(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }
}

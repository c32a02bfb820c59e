import ChildProcesses
import Foundation
import TestSupport
import Testing

/// Runs the built `chatsla` binary as a user would, and keeps what it printed.
///
/// The binary is the one `swift build` put beside this test bundle; the embedded database of a
/// run lives in its own temporary `CHATSLA_HOME`, and `DATABASE_URL` is never inherited.
struct CommandRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// `.build/<configuration>/chatsla`, next to the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("chatsla")
    }

    /// - Parameters:
    ///   - arguments: the command line after `chatsla`.
    ///   - home: `CHATSLA_HOME` for the run (a temporary folder of the test's).
    ///   - folder: the working folder.
    /// - Returns: the exit status and what the run printed.
    /// - Throws: when the binary is missing or an output file cannot be read.
    @discardableResult
    static func chatsla(_ arguments: [String], home: String, in folder: String) throws -> CommandRun {
        TestLogging.bootstrap()
        let binary = Self.binary
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the chatsla product first (swift build): \(binary.path) is missing"
        )
        var environment = ProcessInfo.processInfo.environment
        environment["CHATSLA_HOME"] = home
        environment.removeValue(forKey: "DATABASE_URL")
        environment.removeValue(forKey: "CHATSLA_LOG_LEVEL")
        // Files rather than pipes: a full pipe would block the child, and the embedded server it
        // starts must not inherit a pipe this process waits on.
        let outputPath = folder + "/.stdout-\(UUID().uuidString)"
        let errorPath = folder + "/.stderr-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        // A shell does the folder and the redirections; the child is spawned and reaped without
        // Foundation's Process (see ChildProcess). Ten minutes at most: a hang fails the test.
        let script =
            "cd \(quoted(folder)) && exec \(quoted(binary.path)) "
            + arguments.map(quoted).joined(separator: " ")
            + " </dev/null >\(quoted(outputPath)) 2>\(quoted(errorPath))"
        let exitStatus = try ChildProcess.start(["/bin/sh", "-c", script], environment: environment)
            .wait(timeout: .seconds(600)).status
        return CommandRun(
            status: exitStatus,
            standardOutput: try String(contentsOfFile: outputPath, encoding: .utf8),
            standardError: try String(contentsOfFile: errorPath, encoding: .utf8)
        )
    }
}

/// `text` in single quotes for the shell.
private func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// A scratch folder for one test: its working folder and a `CHATSLA_HOME` inside it that does not
/// exist yet. Deleting it stops an embedded server the test left running.
final class Scratch {
    let folder: String
    var home: String { folder + "/home" }

    init() throws {
        folder =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("chatsla-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The embedded server runs as `postgres` when the tests run as root: it must reach home.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
    }

    @discardableResult
    func chatsla(_ arguments: String...) throws -> CommandRun {
        try CommandRun.chatsla(arguments, home: home, in: folder)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    deinit {
        if FileManager.default.fileExists(atPath: home + "/data/postmaster.pid") {
            _ = try? CommandRun.chatsla(["db", "stop"], home: home, in: folder)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

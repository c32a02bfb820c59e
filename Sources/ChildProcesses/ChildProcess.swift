import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program started by this one: spawned with `posix_spawn` and reaped with `wait4`.
///
/// Foundation's `Process.waitUntilExit()` waits on a run loop and, on Linux, can miss a child's
/// end and wait forever when it is called off the main thread under load (it hung a CI run for
/// 90 minutes); nothing here depends on a run loop. Standard streams go to files or
/// `/dev/null`, never to pipes: a child that fills a pipe nobody reads blocks, and a server the
/// child starts (`pg_ctl start`) keeps a pipe open forever.
public final class ChildProcess: Sendable {
    /// Where the child's standard output or error goes.
    public enum Destination: Sendable, Equatable {
        /// `/dev/null`.
        case discard
        /// This process's own stream.
        case inherit
        /// A file, created or truncated.
        case file(String)
        /// For standard error: wherever standard output goes.
        case output
    }

    /// How a child ended.
    public struct Exit: Sendable, Equatable {
        /// The exit status, or 128 plus the signal that ended it (as a shell reports it).
        public var status: Int32
        /// The signal that ended it, if one did.
        public var signal: Int32?
        /// The child's peak resident memory, in kB (`ru_maxrss` of `wait4`).
        public var peakResidentKilobytes: Int
        /// The CPU the child and its own reaped children used, user plus system, in seconds
        /// (`ru_utime` + `ru_stime` of `wait4`).
        public var cpuSeconds: Double
    }

    /// A child that did not end in the time given, or could not be started or waited for.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// What `run` returns: how the child ended and what it wrote.
    public struct Finished: Sendable {
        public var exit: Exit
        public var standardOutput: String
        public var standardError: String
        public var status: Int32 { exit.status }
    }

    public let pid: pid_t
    /// The program, as given (for sentences).
    public let program: String
    private let ended = Mutex<Exit?>(nil)

    private init(pid: pid_t, program: String) {
        self.pid = pid
        self.program = program
    }

    /// Starts `arguments[0]` (looked up on `PATH` when it has no slash) with `arguments`.
    ///
    /// - Parameters:
    ///   - arguments: the program and its arguments.
    ///   - environment: the child's whole environment; `nil` passes this process's.
    ///   - output: where its standard output goes; its standard input is `/dev/null`.
    ///   - error: where its standard error goes.
    ///   - ownSession: starts it in a session of its own, so a Ctrl-C or a kill aimed at this
    ///     process's group does not reach it.
    /// - Returns: the running child.
    /// - Throws: `Failure` when the program cannot be started (not found, not executable).
    public static func start(
        _ arguments: [String],
        environment: [String: String]? = nil,
        output: Destination = .inherit,
        error: Destination = .inherit,
        ownSession: Bool = false
    ) throws -> ChildProcess {
        guard let program = arguments.first else { throw Failure("no program to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (descriptor, destination) in [(Int32(1), output), (Int32(2), error)] {
            switch destination {
            case .inherit: break
            case .discard: posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .output:
                if descriptor == 2 { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with no signal blocked and every signal at its default action: a mask or
        // an ignored SIGTERM of this process (a test runner's, say) must not make it unstoppable.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if ownSession {
            flags |= 0x80  // POSIX_SPAWN_SETSID (glibc), not imported by Swift
        }
        posix_spawnattr_setflags(&attributes, flags)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map {
            $0.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer {
            for pointer in argv + (envp ?? []) { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned: Int32
        if let envp {
            spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        } else {
            spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { throw Failure("cannot run \(program): \(String(cString: strerror(spawned)))") }
        return ChildProcess(pid: pid, program: program)
    }

    /// What `run` does with the child's standard error.
    public enum ErrorHandling: Sendable {
        /// Kept apart and returned as `standardError`.
        case capture
        /// Written where standard output goes (`standardError` is then empty).
        case mergeIntoOutput
        /// This process's own standard error (progress a person should see).
        case inherit
    }

    /// Starts a program and waits for its end; its standard output (and error) are returned.
    ///
    /// - Parameters:
    ///   - arguments: the program and its arguments.
    ///   - environment: the child's whole environment; `nil` passes this process's.
    ///   - errorHandling: what becomes of its standard error.
    ///   - timeout: past it, the child is killed (SIGKILL) and `Failure` is thrown.
    /// - Returns: how it ended and what it wrote.
    /// - Throws: `Failure` when it cannot be started or waited for, or outlives `timeout`.
    public static func run(
        _ arguments: [String],
        environment: [String: String]? = nil,
        error errorHandling: ErrorHandling = .capture,
        timeout: Duration? = nil
    ) throws -> Finished {
        let folder = FileManager.default.temporaryDirectory.path
        let stem = "\(folder)/chatsla-child-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let outputPath = stem + ".out"
        let errorPath = stem + ".err"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        let child = try start(
            arguments,
            environment: environment,
            output: .file(outputPath),
            error: errorHandling == .capture ? .file(errorPath) : errorHandling == .inherit ? .inherit : .output
        )
        let exit: Exit
        if let timeout {
            exit = try child.wait(timeout: timeout)
        } else {
            exit = try child.wait()
        }
        return Finished(
            exit: exit,
            standardOutput: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            standardError: errorHandling == .capture
                ? (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" : ""
        )
    }

    /// Whether the child has not ended yet (reaps it when it has).
    public var isRunning: Bool {
        (try? reap(blocking: false)) == nil
    }

    /// Sends `signal` (SIGTERM by default) unless the child has already been reaped.
    public func signal(_ signal: Int32 = SIGTERM) {
        ended.withLock { exit in
            if exit == nil { _ = kill(pid, signal) }
        }
    }

    /// Waits for the child's end.
    @discardableResult
    public func wait() throws -> Exit {
        guard let exit = try reap(blocking: true) else { throw Failure("\(program) did not end") }
        return exit
    }

    /// Waits for the child's end, at most `timeout`; past it the child is killed (SIGKILL), reaped,
    /// and `Failure` is thrown naming the program.
    @discardableResult
    public func wait(timeout: Duration) throws -> Exit {
        let deadline = ContinuousClock.now + timeout
        var pauseMicroseconds: UInt32 = 1_000
        while ContinuousClock.now < deadline {
            if let exit = try reap(blocking: false) { return exit }
            usleep(pauseMicroseconds)
            pauseMicroseconds = min(pauseMicroseconds * 2, 50_000)
        }
        signal(SIGKILL)
        _ = try? reap(blocking: true)
        throw Failure("\(program) did not end within \(timeout) and was killed")
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }

    /// `wait4` once, blocking or not; the first end seen is kept for later calls.
    private func reap(blocking: Bool) throws -> Exit? {
        if let exit = ended.withLock({ $0 }) { return exit }
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let result = wait4(pid, &status, blocking ? 0 : WNOHANG, &usage)
            if result == pid { break }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            // Reaped by another caller meanwhile: its record is the answer.
            if let exit = ended.withLock({ $0 }) { return exit }
            throw Failure("cannot wait for \(program): \(String(cString: strerror(errno)))")
        }
        let signalled = status & 0x7F != 0
        let exit = Exit(
            status: signalled ? 128 + (status & 0x7F) : (status >> 8) & 0xFF,
            signal: signalled ? status & 0x7F : nil,
            peakResidentKilobytes: Int(usage.ru_maxrss),
            cpuSeconds: Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
        )
        ended.withLock { $0 = exit }
        return exit
    }
}

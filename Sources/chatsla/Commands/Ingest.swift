import ArgumentParser
import ChatDomain
import ChatStore
import Foundation
import Logging
import PostgresClient

/// `chatsla ingest`: applies JSON Lines events under the chat rules.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply chat events (JSON Lines) to the database under the domain rules, exactly once.",
        discussion: "Prints \"accepted N, duplicate N, rejected N\". Exit status 0 when nothing was rejected, 3 when "
            + "some lines were. Re-running the same input reports its events as duplicates and changes nothing; "
            + "after an interruption it finishes the job. Progress goes to standard error when it is a terminal."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Files of events, one JSON object a line; - reads standard input.")
    var files: [String]

    @Option(help: "Write every rejected line here (JSON Lines: original line, code, message, line number).")
    var rejects: String?

    @Option(help: "Lines per transaction.")
    var batchSize: Int = Ingester.defaultBatchSize

    @Option(
        help: ArgumentHelp(
            "Reject events stamped more than this after the ingestion instant (in_future), e.g. 24h, 90m, 3600.",
            valueName: "duration"
        )
    )
    var maxFuture: String = "24h"

    /// `--max-future` in microseconds (at most 10,000 years, so the sum with the clock cannot overflow).
    var maxFutureMicros: Int64? {
        guard let seconds = DurationText.seconds(maxFuture), seconds <= 315_576_000_000 else { return nil }
        return seconds * 1_000_000
    }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file (or - for standard input)") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard maxFutureMicros != nil else {
            throw ValidationError("--max-future \(maxFuture) is not a duration like 24h, 90m, 1h30m or 3600")
        }
    }

    /// How many rejected lines are shown on standard error when they are not written to `--rejects`.
    static let rejectedLinesShown = 10

    func run() throws {
        AllocatorTuning.returnBatchBuffersWhenFreed()
        let logger = Logger(label: "chatsla.ingest")
        let showProgress = isatty(2) == 1
        let started = ContinuousClock.now
        // Inputs first: a missing file or an unwritable rejects path fails before any database starts.
        var descriptors: [Int32] = []
        defer { for (file, descriptor) in zip(files, descriptors) where file != "-" { close(descriptor) } }
        for file in files {
            let descriptor = file == "-" ? STDIN_FILENO : open(file, O_RDONLY)
            guard descriptor >= 0 else {
                throw fail("cannot open \(file): \(String(cString: strerror(errno))); give a file of events")
            }
            descriptors.append(descriptor)
            var status = stat()
            if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                throw fail("\(file) is a folder, not a file of events; give the files in it, e.g. \(file)/*.jsonl")
            }
        }
        let rejectsFile: RejectsFileWriter?
        do {
            rejectsFile = try rejects.map { try RejectsFileWriter(path: $0) }
        } catch {
            throw fail("\(error); choose a --rejects path in a folder you can write to")
        }
        defer { try? rejectsFile?.close() }
        var shown: [RejectedLine] = []
        InterruptNotice.install()
        do {
            let connection = try database.connect()
            defer { connection.close() }
            try Ingester.identify(connection, as: "chatsla ingest (pid \(getpid()))")
            let ingester = try Ingester(
                connection: connection,
                logger: logger,
                batchSize: batchSize,
                maxFuture: maxFutureMicros ?? Ingester.defaultMaxFuture
            )
            for (file, descriptor) in zip(files, descriptors) {
                let summary = try ingester.ingest(
                    source: file,
                    descriptor: descriptor,
                    rejects: { line in
                        try rejectsFile?.write(line)
                        if rejectsFile == nil, shown.count < Self.rejectedLinesShown { shown.append(line) }
                        logger.debug(
                            "rejected",
                            metadata: [
                                "source": "\(line.source)", "line": "\(line.lineNumber)", "code": "\(line.code)",
                            ]
                        )
                    },
                    progress: { total in
                        guard showProgress else { return }
                        let seconds = max((ContinuousClock.now - started).seconds, 0.001)
                        FileHandle.standardError.write(
                            Data(
                                "\r\(total.lines) lines, \(total): \(Int(Double(total.lines) / seconds)) lines/s   "
                                    .utf8
                            )
                        )
                    }
                )
                logger.info("ingested \(file)", metadata: ["summary": "\(summary)"])
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            // Where the time went (CHATSLA_LOG_LEVEL=debug): the phases and statements of bench ingest.
            if logger.logLevel <= .debug {
                for (phase, spent) in ingester.timings.sorted(by: { $0.value > $1.value }) {
                    let name = phase.trimmingCharacters(in: .whitespaces)
                    logger.debug("time spent", metadata: ["phase": "\(name)", "seconds": "\(spent.seconds)"])
                }
            }
            let total = ingester.summary
            print(total)
            if total.rejected > 0 {
                reportRejected(total, shown: shown)
                throw ExitCode(3)
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as StoreError {
            throw fail(error)
        } catch let error as PostgresError where error.kind == .connection {
            // Nothing was read yet, and running it again as it is cannot help.
            throw fail("\(error)")
        } catch let error as PostgresError {
            let rerun = error.rerunHelps ? "; what was committed stays: run the same command again to finish" : ""
            throw fail("ingestion stopped: \(error)\(rerun)")
        } catch {
            throw fail("\(error)")
        }
    }

    /// Rejections on standard error: counts per code, then the first lines themselves (or where
    /// they all went), so a run without `--rejects` still says what was wrong and where.
    private func reportRejected(_ total: IngestSummary, shown: [RejectedLine]) {
        var text = ""
        for (code, count) in total.rejectedByCode.sorted(by: { $0.key < $1.key }) {
            text += "  \(code): \(count)\n"
        }
        if let rejects {
            text += "every rejected line is in \(rejects)\n"
        } else {
            text += shown.count < total.rejected ? "the first \(shown.count) rejected lines:\n" : "rejected lines:\n"
            for line in shown {
                text += "  \(line.source):\(line.lineNumber): \(line.code): \(line.message)\n"
            }
            text += "add --rejects FILE to keep every rejected line with its reason (JSON Lines), fix them and "
            text += "ingest that file again\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// What `ingest` says when it is interrupted (SIGINT, SIGTERM): every committed batch stays, the
/// one in flight is rolled back by the server, so running the same command again finishes.
enum InterruptNotice {
    /// The sentence, as bytes ready for `write(2)` (a signal handler must not allocate).
    private static let message = Array(
        "\nchatsla: ingestion interrupted; what was committed stays: run the same command again to finish\n".utf8
    )
    nonisolated(unsafe) private static var bytes: UnsafeMutableBufferPointer<UInt8>?

    /// Installs the handlers; the sentence is prepared here, outside any signal.
    static func install() {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: message.count)
        _ = buffer.initialize(from: message)
        bytes = buffer
        // A parent may have started us with these signals blocked; threads started later inherit this mask.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM] {
            sigaddset(&unblocked, signalNumber)
            signal(signalNumber) { received in
                if let bytes = InterruptNotice.bytes { _ = write(2, bytes.baseAddress, bytes.count) }
                _exit(128 + received)
            }
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}

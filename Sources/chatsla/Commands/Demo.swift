import ArgumentParser
import ChatDomain
import ChatStore
import EventGenerator
import Foundation
import Logging
import PostgresClient
import ReportRuns
import SLAAnalytics

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the embedded database: generate and ingest a month, write a report.",
        discussion: """
            Starts the embedded PostgreSQL (or uses --database-url / DATABASE_URL), migrates, generates a realistic \
            month of chat traffic (deterministic for --seed) and ingests it through every domain rule, then writes \
            the report for the month's last 7 days and prints where it is. Running it again is harmless: the events \
            are recognised as duplicates.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Dialogs in the generated month.")
    var dialogs: Int = 20_000

    @Option(help: "Seed of the generated traffic.")
    var seed: UInt64 = 7

    @Option(help: "Output folder (default: reports/<from>_<to>).")
    var out: String?

    func validate() throws {
        guard dialogs > 0 else { throw ValidationError("--dialogs must be positive") }
    }

    func run() throws {
        let logger = Logger(label: "chatsla.demo")
        if let problem = OutputFolder.problem(out ?? "reports/demo") { throw fail(problem) }
        do {
            let started = ContinuousClock.now
            var step = ContinuousClock.now
            /// Seconds since the previous step, one decimal; restarts the step clock.
            func stepSeconds() -> String {
                let now = ContinuousClock.now
                defer { step = now }
                return String(format: "%.1f", (now - step).seconds)
            }
            let url = try database.resolveURL()
            let connection = try PostgresConnection(url: url)
            defer { connection.close() }
            try Migrator().migrate(connection)
            say("database ready in \(stepSeconds()) s: \(url)")

            let summary = try ingestGeneratedMonth(connection: connection, logger: logger)
            say("generated and ingested \(dialogs) dialogs in \(stepSeconds()) s: \(summary)")
            guard summary.rejected == 0 else {
                throw fail("the generated traffic had rejected events: \(summary.rejectedByCode)")
            }

            // The generator's month ends at 2026-11-01T00:00:00Z: report its last week as of that instant.
            let end = LocalDate(year: 2026, month: 11, day: 1)
            let parameters = ReportParameters(
                from: end.adding(days: -7),
                to: end.adding(days: -1),
                timeZone: .utc,
                asOf: Self.generatorEnd
            )
            let folder = out ?? "reports/\(parameters.from)_\(parameters.to)"
            let pipeline = ReportPipeline(url: url, workers: 2)
            let results = try pipeline.run(periods: [parameters, parameters.previousPeriod])
            let (result, previous) = (results[0], results[1])
            say("report computed in \(stepSeconds()) s (and the week before, for comparison)")
            try result.write(to: folder, previous: previous)
            say("report written in \(stepSeconds()) s")
            print("")
            printChannelSummary(result.report)
            print("")
            print(
                "report for \(parameters.from) … \(parameters.to) (UTC), demo done in "
                    + "\(String(format: "%.1f", (ContinuousClock.now - started).seconds)) s; open it in a browser:"
            )
            print("  \(URL(fileURLWithPath: folder).standardizedFileURL.path)/index.html")
            if database.usesEmbeddedCluster {
                print("")
                let home = URL(fileURLWithPath: DatabaseOptions.embeddedCluster.home).standardizedFileURL.path
                print("The embedded database is still running (\(home)), so you can")
                print("try chatsla report, tune and limits on this data. Stop it with: \(Self.invocation) db stop")
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// How the user ran chatsla: `swift run chatsla` from a build folder, else `chatsla`.
    static var invocation: String {
        CommandLine.arguments.first?.contains(".build/") == true ? "swift run chatsla" : "chatsla"
    }

    /// 2026-11-01T00:00:00Z, where `EventGenerator`'s default window ends.
    static let generatorEnd: Int64 = 1_793_491_200_000_000

    /// Streams the generator into the ingester through a pipe: nothing is written to disk.
    private func ingestGeneratedMonth(connection: PostgresConnection, logger: Logger) throws -> IngestSummary {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw fail("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        let configuration = GeneratorConfiguration(dialogs: dialogs, days: 30, seed: seed, businessHours: true)
        let writer = Thread {
            defer { close(writeEnd) }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            func flush() -> Bool {
                buffer.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let written = write(writeEnd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                        if written < 0 {
                            if errno == EINTR { continue }
                            return false  // the reader went away; it reports its own error
                        }
                        offset += written
                    }
                    return true
                }
            }
            var open = true
            _ = EventGenerator(configuration: configuration).forEachLine { line in
                guard open else { return }
                buffer.append(contentsOf: line)
                buffer.append(10)
                if buffer.count >= 1 << 20 {
                    open = flush()
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if open { _ = flush() }
        }
        writer.start()
        defer { close(readEnd) }
        let ingester = try Ingester(connection: connection, logger: logger)
        let showProgress = isatty(STDERR_FILENO) == 1
        let summary = try ingester.ingest(
            source: "demo (generated, seed \(seed))",
            descriptor: readEnd,
            progress: { total in
                guard showProgress else { return }
                FileHandle.standardError.write(Data("\r  ingesting: \(total.lines) events   ".utf8))
            }
        )
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        return summary
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

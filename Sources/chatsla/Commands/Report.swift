import ArgumentParser
import ChatDomain
import ChatStore
import Foundation
import Logging
import ReportRuns
import Reports
import SLAAnalytics

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the SLA report (five CSV files and index.html) for a period.",
        discussion: """
            --from and --to are inclusive local dates in --tz. Only what happened at or before --as-of counts \
            (default: now). The report is written to a temporary folder and renamed into place, so a failed \
            run never leaves half a report and never damages the previous one.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var period: ReportPeriodOptions

    @Option(help: "Output folder (default: reports/<from>_<to>).")
    var out: String?

    @Option(help: "ISO 4217 code shown beside money on the page (e.g. EUR); CSV figures stay plain numbers.")
    var currency: String?

    @Option(
        help: ArgumentHelp(
            "previous: show each figure's change against the period of equal length before; none: do not.",
            valueName: "previous|none"
        )
    )
    var compare: Comparison = .previous

    enum Comparison: String, ExpressibleByArgument, CaseIterable {
        case previous, none
    }

    func validate() throws {
        if let currency, !CurrencyCode.isValid(currency) {
            throw ValidationError(
                "--currency \(currency) is not an ISO 4217 currency code (three capital letters such as EUR, USD, UAH)"
            )
        }
    }

    func run() throws {
        let parameters = period.parameters()
        let folder = out ?? "reports/\(parameters.from)_\(parameters.to)"
        // Before any database work: a report computed for an unwritable folder would be lost.
        if let problem = OutputFolder.problem(folder) { throw fail(problem) }
        AllocatorTuning.returnLargeBlocksWhenFreed()
        do {
            let started = ContinuousClock.now
            let pipeline = ReportPipeline(url: try database.resolveURL(), workers: period.workers)
            // Both periods from one snapshot of the database: the comparison sees the same data.
            let results = try pipeline.run(
                periods: compare == .previous ? [parameters, parameters.previousPeriod] : [parameters]
            )
            let result = results[0]
            let previous = results.count > 1 ? results[1] : nil
            try result.write(to: folder, previous: previous, currency: currency)
            Logger(label: "chatsla.report").debug(
                "report written",
                metadata: ["elapsed_s": ReportPipeline.secondsSince(started)]
            )
            printChannelSummary(result.report)
            print("report: \(URL(fileURLWithPath: folder).standardizedFileURL.path)/index.html")
        } catch let error as ExitCode {
            throw error
        } catch let error as UnknownChannelError {
            throw fail("--channel: \(error)", code: 2)
        } catch {
            throw fail("\(error)")
        }
    }
}

/// The options every command that reads a period shares (`report`, `tune`): each value parsed once,
/// by the argument parser, into the type the report takes.
struct ReportPeriodOptions: ParsableArguments {
    @Option(help: "First local date of the period (YYYY-MM-DD), inclusive.")
    var from: LocalDate

    @Option(help: "Last local date of the period (YYYY-MM-DD), inclusive.")
    var to: LocalDate

    @Option(help: "IANA time zone of the dates and of per-day rows.")
    var tz: NamedTimeZone = .utc

    @Option(
        name: .customLong("as-of"),
        help: "Only what happened at or before this RFC 3339 instant counts (default: now)."
    )
    var asOf: Instant?

    @Option(name: .customLong("channel"), help: "Limit the report to these channel ids (repeatable).")
    var channels: [String] = []

    @Option(help: "Database connections that stream dialogs in parallel.")
    var workers: Int = 2

    func validate() throws {
        guard from <= to else { throw ValidationError("--from \(from) is after --to \(to)") }
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be between 1 and 16") }
    }

    /// The report's parameters; `as_of` is now when `--as-of` is not given.
    func parameters() -> ReportParameters {
        ReportParameters(
            from: from,
            to: to,
            timeZone: tz,
            asOf: asOf?.microseconds ?? Instant.nowMicroseconds,
            channelFilter: channels.isEmpty ? nil : Set(channels)
        )
    }
}

/// A short per-channel table for the terminal.
func printChannelSummary(_ report: SLAReport) {
    let columns = ["channel", "episodes", "answered", "reply_median_s", "reply_p90_s", "warning_rate", "overdue_rate"]
    let indexes = columns.compactMap { ChannelRow.header.firstIndex(of: $0) }
    var table = [columns]
    for row in report.channels {
        let cells = row.cells
        // Channel ids come from the data: control characters would act on the terminal.
        table.append(indexes.map { cells[$0].isEmpty ? "—" : TerminalText.escaped(cells[$0]) })
    }
    let widths = columns.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    for line in table {
        print(
            line.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : cell.leftPadded(widths[column])
            }.joined(separator: "  ")
        )
    }
}

/// Whether a report folder can be written, checked before the report is computed.
enum OutputFolder {
    /// One sentence naming the path and what to do, or `nil` when the folder can be written:
    /// the nearest existing folder on the way must be a folder the user can write to.
    static func problem(_ folder: String) -> String? {
        var path = URL(fileURLWithPath: folder).standardizedFileURL
        // The folder itself is replaced; what must exist and be writable is its parent.
        path.deleteLastPathComponent()
        while true {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) {
                guard isFolder.boolValue else {
                    return "--out \(folder) cannot be written: \(path.path) is a file, not a folder; "
                        + "choose another --out"
                }
                guard access(path.path, W_OK | X_OK) == 0 else {
                    return "--out \(folder) cannot be written: \(path.path) is not writable by you; "
                        + "choose another --out"
                }
                return nil
            }
            if path.path == "/" { return nil }
            path.deleteLastPathComponent()
        }
    }
}

/// ISO 4217 codes: three capital Latin letters, and a code Foundation knows where it knows any.
enum CurrencyCode {
    static func isValid(_ code: String) -> Bool {
        guard code.count == 3, code.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) else {
            return false
        }
        let known = Locale.commonISOCurrencyCodes
        return known.isEmpty || known.contains(code)
    }
}

import ArgumentParser
import ChatDomain
import ChatStore
import Foundation
import ReportRuns
import Reports
import SLAAnalytics

/// `chatsla tune`: what the period would have looked like under other limits.
struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What-if: replay the period's episodes under proposed limits, beside today's.",
        discussion: """
            The period's dialogs are extracted once and replayed in memory through the report's engine: once \
            with the limits as recorded (exactly the report's figures) and once per proposal. Give one or more \
            proposals as --processing (repeatable) with as many --warning, or --target-on-time P to find, per \
            channel, the smallest limits (multiples of 30 s) keeping at least P of the episodes below warning \
            and below overdue (--target-warning sets a different share for warning; processing is then at \
            least warning + 30 s). Writes tune.csv and tune.html to --out. Never changes the settings: it ends \
            with the `chatsla limits set` commands that would.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var period: ReportPeriodOptions

    @Option(help: "Proposed warning limit (90s, 5m, 1h30m or seconds); repeat for several proposals.")
    var warning: [String] = []

    @Option(help: "Proposed processing limit; repeat for several proposals.")
    var processing: [String] = []

    @Option(
        name: .customLong("target-on-time"),
        help: "Find the smallest limits keeping at least this share of episodes on time (0.95 or 95%)."
    )
    var targetOnTime: String?

    @Option(name: .customLong("target-warning"), help: "Share kept below warning (default: --target-on-time).")
    var targetWarning: String?

    @Option(
        name: .customLong("clock-start"),
        help: "Proposed clock_start policy: first_unanswered or last_customer_message."
    )
    var clockStart: String?

    @Option(help: "The admin to name in the printed `limits set` commands.")
    var by: String = "ADMIN"

    @Option(help: "Output folder (default: reports/tune_<from>_<to>).")
    var out: String?

    func validate() throws {
        if targetOnTime == nil {
            guard !processing.isEmpty else {
                throw ValidationError("give --processing (with --warning) for a proposal, or --target-on-time P")
            }
            guard warning.isEmpty || warning.count == processing.count else {
                throw ValidationError("give as many --warning as --processing (one of each per proposal), or none")
            }
            for (index, text) in processing.enumerated() {
                guard let processingSeconds = DurationText.seconds(text) else {
                    throw ValidationError("--processing \(text) is not a duration like 90s, 5m, 1h30m or 600")
                }
                let warningSeconds = try warning.isEmpty ? nil : warningValue(warning[index])
                let problems = TimeLimitChange.problems(warning: warningSeconds, processing: processingSeconds)
                guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
            }
        } else {
            guard processing.isEmpty, warning.isEmpty else {
                throw ValidationError("--target-on-time finds the limits itself: leave out --warning and --processing")
            }
            for text in [targetOnTime, targetWarning].compactMap({ $0 }) where OnTimeTarget(parsing: text) == nil {
                throw ValidationError("\(text) is not a share like 0.95 or 95%")
            }
        }
        if let clockStart, PolicySetting.ClockStart(rawValue: clockStart) == nil {
            throw ValidationError("--clock-start must be first_unanswered or last_customer_message")
        }
    }

    private func warningValue(_ text: String) throws -> Int64 {
        guard let seconds = DurationText.seconds(text) else {
            throw ValidationError("--warning \(text) is not a duration like 90s, 5m, 1h30m or 300")
        }
        return seconds
    }

    func run() throws {
        let parameters = period.parameters()
        let folder = out ?? "reports/tune_\(parameters.from)_\(parameters.to)"
        AllocatorTuning.returnLargeBlocksWhenFreed()
        let proposals: TuneSession.Proposals
        if let targetOnTime, let processingTarget = OnTimeTarget(parsing: targetOnTime),
            let warningTarget = OnTimeTarget(parsing: targetWarning ?? targetOnTime)
        {
            proposals = .target(warning: warningTarget, processing: processingTarget)
        } else {
            proposals = .limits(
                processing.indices.map { index in
                    LimitProposal(
                        warningSeconds: warning.isEmpty ? nil : DurationText.seconds(warning[index]),
                        processingSeconds: DurationText.seconds(processing[index]) ?? 0
                    )
                }
            )
        }
        let session = TuneSession(
            proposals: proposals,
            clockStart: clockStart.flatMap(PolicySetting.ClockStart.init(rawValue:)),
            admin: by
        )
        do {
            let pipeline = ReportPipeline(url: try database.resolveURL(), workers: period.workers)
            let outcome = try session.run(pipeline, parameters: parameters, writingTo: folder)
            for comparison in outcome.comparisons { printComparison(comparison) }
            for note in outcome.notes { print(note) }
            FileHandle.standardError.write(
                Data(
                    ("tune: extracted \(outcome.dialogs) dialogs (\(outcome.rowsRead) rows) in "
                        + "\(seconds(outcome.extraction)); \(outcome.replays) replays in \(seconds(outcome.replay))\n")
                        .utf8
                )
            )
            print("tune: \(URL(fileURLWithPath: folder).standardizedFileURL.path)/\(outcome.pageFileName)")
            print("To apply (tune changed nothing):")
            for command in outcome.commands { print("  " + command) }
        } catch let error as ExitCode {
            throw error
        } catch let error as UnknownChannelError {
            throw fail("--channel: \(error)", code: 2)
        } catch {
            throw fail("\(error)")
        }
    }

    private func printComparison(_ comparison: TuneComparison) {
        print(comparison.label)
        let rows = comparison.channels.map { row in
            [
                row.channel, TuneDocument.limits(row.currentWarningSeconds, row.currentProcessingSeconds),
                TuneDocument.limits(row.proposedWarningSeconds, row.proposedProcessingSeconds), String(row.episodes),
                String(row.warningNow), String(row.warningProposed),
                TuneChannelRow.signed(row.warningProposed - row.warningNow), String(row.overdueNow),
                String(row.overdueProposed), TuneChannelRow.signed(row.overdueProposed - row.overdueNow),
            ]
        }
        printTable(
            [
                "channel", "current", "proposed", "episodes", "warning_now", "warning_new", "Δ", "overdue_now",
                "overdue_new", "Δ",
            ],
            rows
        )
        if comparison.managers.isEmpty {
            print("  no episode changes level")
        } else {
            print("  breaches by manager (appear / disappear):")
            for change in comparison.managers {
                print("  \(change.manager) \(change.level.rawValue): +\(change.appear) / -\(change.disappear)")
            }
        }
        print("")
    }

    private func seconds(_ duration: Duration) -> String {
        String(format: "%.2f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

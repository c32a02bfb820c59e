import ArgumentParser
import ChatDomain
import ChatStore
import Foundation
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
        let parameters = try period.parameters()
        let folder = out ?? "reports/tune_\(parameters.from)_\(parameters.to)"
        AllocatorTuning.returnLargeBlocksWhenFreed()
        let policy = clockStart.flatMap(PolicySetting.ClockStart.init(rawValue:))
        do {
            let started = ContinuousClock.now
            let snapshot = try ReportPipeline(url: try database.resolveURL(), workers: period.workers)
                .snapshot(parameters)
            let extracted = ContinuousClock.now
            let configuration = snapshot.configuration
            let replay = PeriodReplay(configuration: configuration, dialogs: snapshot.dialogs)
            let channelIDs = configuration.includedChannelIDs
            var notes: [String] = []
            var comparisons: [TuneComparison] = []
            var replays = 0
            if let targetOnTime, let processingTarget = OnTimeTarget(parsing: targetOnTime),
                let warningTarget = OnTimeTarget(parsing: targetWarning ?? targetOnTime)
            {
                // Peak clocks depend on the policy only: one replay under the proposed policy
                // gives the answer, a second one under the answer verifies it with the engine.
                var base = [configuration]
                if let policy { base.append(configuration.proposing([:], clockStart: policy)) }
                let baseReports = replay.outcomes(base, withSamples: true)
                let limits = OnTimeTarget.proposal(
                    samples: baseReports[baseReports.count - 1].waitSamples,
                    warning: warningTarget,
                    processing: processingTarget
                )
                let proposed = replay.outcomes([configuration.proposing(limits, clockStart: policy)])[0]
                replays = base.count + 1
                let comparison = TuneComparison(
                    label: "Smallest limits keeping \(percent(warningTarget)) below warning and "
                        + "\(percent(processingTarget)) below overdue",
                    limits: limits,
                    clockStart: policy,
                    current: baseReports[0],
                    proposed: proposed
                )
                comparisons.append(comparison)
                notes += verify(comparison, warning: warningTarget, processing: processingTarget)
            } else {
                let candidates = processing.indices.map { index in
                    LimitProposal(
                        warningSeconds: warning.isEmpty ? nil : DurationText.seconds(warning[index]),
                        processingSeconds: DurationText.seconds(processing[index]) ?? 0
                    )
                }
                let proposals = candidates.map { candidate in
                    Dictionary(uniqueKeysWithValues: channelIDs.map { ($0, candidate) })
                }
                let reports = replay.outcomes(
                    [configuration] + proposals.map { configuration.proposing($0, clockStart: policy) }
                )
                replays = reports.count
                comparisons = TuneComparison.comparing(
                    candidates.enumerated().map { index, candidate in
                        TuneComparison.Proposal(
                            label: "Proposal \(index + 1): "
                                + TuneDocument.limits(candidate.warningSeconds, candidate.processingSeconds)
                                + (policy.map { ", clock_start \($0.rawValue)" } ?? ""),
                            limits: proposals[index],
                            clockStart: policy,
                            outcome: reports[index + 1]
                        )
                    },
                    with: TuneComparison.Baseline(reports[0])
                )
            }
            let replayed = ContinuousClock.now
            if let policy { notes.append("Proposed clock_start: \(policy.rawValue) (a chat setting, see below).") }
            let commands = self.commands(for: comparisons, policy: policy)
            let document = TuneDocument(
                title: "chatsla tune",
                period: "\(parameters.from) – \(parameters.to) (\(parameters.timeZone.identifier)), as of "
                    + RFC3339.format(parameters.asOf)
                    + (period.channels.isEmpty ? "" : "; channels \(period.channels.sorted().joined(separator: ", "))"),
                notes: notes,
                comparisons: comparisons,
                commands: commands
            )
            try ReportWriter().write(files: document.files(), to: URL(fileURLWithPath: folder))
            for comparison in comparisons { printComparison(comparison) }
            for note in notes { print(note) }
            FileHandle.standardError.write(
                Data(
                    ("tune: extracted \(snapshot.dialogs.count) dialogs (\(snapshot.rowsRead) rows) in "
                        + "\(seconds(extracted - started)); \(replays) replays in \(seconds(replayed - extracted))\n")
                        .utf8
                )
            )
            print("tune: \(URL(fileURLWithPath: folder).standardizedFileURL.path)/\(TuneDocument.pageFileName)")
            print("To apply (tune changed nothing):")
            for command in commands { print("  " + command) }
        } catch let error as ExitCode {
            throw error
        } catch let error as UnknownChannelError {
            throw fail("--channel: \(error)", code: 2)
        } catch {
            throw fail("\(error)")
        }
    }

    /// Checks, with the engine's replay, that the found limits meet the targets.
    private func verify(_ comparison: TuneComparison, warning: OnTimeTarget, processing: OnTimeTarget) -> [String] {
        comparison.channels.compactMap { row in
            guard row.episodes > 0 else { return "\(row.channel): no episodes in the period, no proposal." }
            let warningOK = warning.isMet(kept: row.episodes - row.warningProposed, of: row.episodes)
            let overdueOK = processing.isMet(kept: row.episodes - row.overdueProposed, of: row.episodes)
            return "\(row.channel): \(TuneDocument.limits(row.proposedWarningSeconds, row.proposedProcessingSeconds)) "
                + "keeps \(Self.share(row.episodes - row.warningProposed, row.episodes)) below warning, "
                + "\(Self.share(row.episodes - row.overdueProposed, row.episodes)) below overdue"
                + (warningOK && overdueOK ? " (verified by replay)" : " (NOT met on replay)")
        }
    }

    private func commands(for comparisons: [TuneComparison], policy: PolicySetting.ClockStart?) -> [String] {
        var commands: [String] = []
        for comparison in comparisons {
            if comparisons.count > 1 { commands.append("# \(comparison.label)") }
            for channel in comparison.limits.keys.sorted() {
                guard let limits = comparison.limits[channel] else { continue }
                var command =
                    "chatsla limits set --by \(shellWord(by)) --channel \(shellWord(channel)) "
                    + "--processing \(DurationText.text(limits.processingSeconds))"
                if let warning = limits.warningSeconds { command += " --warning \(DurationText.text(warning))" }
                commands.append(command)
            }
        }
        if let policy {
            commands.append(
                "# clock_start is a chat setting: ingest a settings.chats event with \"clock_start\": \"\(policy.rawValue)\""
            )
        }
        return commands
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

    private func percent(_ target: OnTimeTarget) -> String {
        Self.share(Int(target.numerator), Int(target.denominator))
    }

    static func share(_ part: Int, _ total: Int) -> String {
        guard let rate = Rate(Int64(part), over: Int64(total)) else { return "—" }
        let tenths = rate.tenThousandths
        return "\(tenths / 100).\(String(format: "%02d", tenths % 100)) %"
    }

    private func seconds(_ duration: Duration) -> String {
        String(format: "%.2f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    private func shellWord(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_.:@".contains($0) }
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

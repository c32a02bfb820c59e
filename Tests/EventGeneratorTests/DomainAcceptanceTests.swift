import ChatDomain
import EventGenerator
import Foundation
import Testing

/// The generator's contract with the domain: every generated event decodes, is new to the
/// ledger, and is accepted by `DomainState.apply`. This runs the real domain, not a referee.
@Suite struct DomainAcceptanceTests {
    struct Report {
        var lines = 0
        var decodeFailures: [String] = []
        var duplicates: [String] = []
        var rejections: [String] = []
        var unstableCanonical: [String] = []
        var rejectionCount = 0
        /// `dialog.closed` events that found the dialog already closed: the generator's model of
        /// the auto-close deadlines disagreed with the domain's.
        var closesOfClosedDialogs: [String] = []
        /// Late customer messages that reopened a dialog closed before they were ingested.
        var lateReopens = 0

        var summary: String {
            let first = (decodeFailures + duplicates + unstableCanonical + rejections).prefix(8)
            return "\(lines) lines, \(rejectionCount) rejected, \(decodeFailures.count) undecodable, "
                + "\(duplicates.count) duplicate ids, \(closesOfClosedDialogs.count) closes of closed dialogs, "
                + "\(lateReopens) late reopens; first:\n"
                + (first + closesOfClosedDialogs.prefix(4)).joined(separator: "\n")
        }
    }

    /// Streams a generated run through decoder, ledger and domain.
    ///
    /// - Parameters:
    ///   - configuration: what to generate.
    ///   - checkCanonical: also re-decode each canonical text and require the same text.
    /// - Returns: counts and the first few problems, with line numbers.
    static func ingest(_ configuration: GeneratorConfiguration, checkCanonical: Bool = true) -> Report {
        let decoder = EventDecoder()
        var ledger = EventLedger()
        var state = DomainState()
        var report = Report()
        var seq: Int64 = 0
        EventGenerator(configuration: configuration).forEachLine { line in
            report.lines += 1
            let lineNumber = report.lines
            switch decoder.decode(bytes: line) {
            case .failure(let rejection):
                report.rejectionCount += 1
                if report.decodeFailures.count < 8 {
                    report.decodeFailures.append(
                        "line \(lineNumber): \(rejection) — \(String(decoding: line, as: UTF8.self))"
                    )
                }
            case .success(let event):
                if checkCanonical {
                    let again = try? decoder.decode(event.canonicalJSON).get()
                    if again?.canonicalJSON != event.canonicalJSON, report.unstableCanonical.count < 8 {
                        report.unstableCanonical.append("line \(lineNumber): canonical text not stable")
                    }
                }
                guard case .new = ledger.admit(event) else {
                    if report.duplicates.count < 8 { report.duplicates.append("line \(lineNumber): id \(event.id)") }
                    return
                }
                seq += 1
                let outcome = state.apply(event, seq: seq)
                for fact in outcome.facts {
                    if case .dialogReopened = fact.fact, fact.at > event.at { report.lateReopens += 1 }
                }
                if case .dialogClosed = event.payload, case .accepted(let facts) = outcome,
                    !facts.contains(where: { if case .dialogClosed(_, .actor) = $0.fact { true } else { false } })
                {
                    report.closesOfClosedDialogs.append("line \(lineNumber): \(event.id) closes a closed dialog")
                }
                if case .rejected(let rejection) = outcome {
                    report.rejectionCount += 1
                    if report.rejections.count < 8 {
                        report.rejections.append(
                            "line \(lineNumber): \(rejection) — \(String(decoding: line, as: UTF8.self))"
                        )
                    }
                }
            }
        }
        return report
    }

    @Test(arguments: [7, 42] as [UInt64])
    func everyGeneratedEventIsAccepted(seed: UInt64) {
        let report = Self.ingest(GeneratorConfiguration(dialogs: 2000, seed: seed))
        #expect(report.lines > 20_000)
        #expect(report.rejectionCount == 0, "\(report.summary)")
        #expect(report.decodeFailures.isEmpty && report.duplicates.isEmpty && report.unstableCanonical.isEmpty)
        #expect(report.closesOfClosedDialogs.isEmpty, "\(report.summary)")
    }

    /// Large runs on demand, `seed:dialogs[:days]` (release build with `-Xswiftc -enable-testing`):
    /// `CHATSLA_ACCEPT_RUNS="1:20000,7:20000,42:20000,3:100000" swift test -c release --filter DomainAcceptance`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CHATSLA_ACCEPT_RUNS"] != nil))
    func largeRunsFromTheEnvironment() {
        let runs = ProcessInfo.processInfo.environment["CHATSLA_ACCEPT_RUNS"] ?? ""
        for run in runs.split(separator: ",") {
            let parts = run.split(separator: ":")
            guard parts.count == 2 || parts.count == 3, let seed = UInt64(parts[0]), let dialogs = Int(parts[1]),
                let days = parts.count == 3 ? Int(parts[2]) : 30
            else {
                Issue.record("cannot read run \"\(run)\" (seed:dialogs[:days])")
                continue
            }
            let report = Self.ingest(
                GeneratorConfiguration(dialogs: dialogs, days: days, seed: seed),
                checkCanonical: dialogs <= 20_000
            )
            let name = "seed \(seed) × \(dialogs) dialogs / \(days) days"
            print("\(name): \(report.summary)")
            #expect(report.closesOfClosedDialogs.isEmpty, "\(name): \(report.summary)")
            #expect(report.rejectionCount == 0, "\(name): \(report.summary)")
        }
    }
}

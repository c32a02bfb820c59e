import EventGenerator
import Foundation
import Testing

/// Throughput, measured only when asked (`CHATSLA_GENERATOR_BENCH=dialogs`), best in release:
/// `CHATSLA_GENERATOR_BENCH=200000 swift test -c release -Xswiftc -enable-testing --filter GeneratorBenchmark`.
@Suite struct GeneratorBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CHATSLA_GENERATOR_BENCH"] != nil))
    func throughput() {
        let dialogs = Int(ProcessInfo.processInfo.environment["CHATSLA_GENERATOR_BENCH"] ?? "") ?? 100_000
        let started = ContinuousClock.now
        var bytes = 0
        let summary = EventGenerator(configuration: GeneratorConfiguration(dialogs: dialogs, seed: 1)).forEachLine {
            bytes += $0.count + 1
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "bench: generator dialogs=\(dialogs) events=\(summary.total) bytes=\(bytes) seconds=\(seconds)"
                + " events_per_s=\(Int(Double(summary.total) / seconds))"
        )
        print(summary)
        #expect(summary.total > dialogs)
    }
}

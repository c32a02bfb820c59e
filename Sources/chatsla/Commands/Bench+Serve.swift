import ArgumentParser
import Benchmarks

extension Bench {
    /// `chatsla bench serve`: webhooks through `chatsla serve` against a file ingest of the same events.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "N concurrent clients posting batches of 1, 100 and 2,000 events to chatsla serve; "
                + "events/s and p50/p99 latency against chatsla ingest of the same events.",
            discussion: """
                Build with -c release. Each run (the server's and the file ingest's) gets a fresh schema \
                chatsla_bench_serve, dropped at the end. The server runs in this process on a free loopback port, \
                with durable answers as chatsla serve gives; reference data goes first in one request, then each \
                client posts its share of the dialogs in file order on its own keep-alive connection, one request \
                after the other, driven by the event loop (docs/DECISIONS.md). Targets: batches of 2,000 at 0.8x \
                the file ingest or better; single events from 32 clients at 5,000 events/s or more with p99 at most \
                100 ms.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Events posted in batches of 100 and 2,000 (a prefix of a generated stream).")
        var events: Int = 200_000

        @Option(help: "Events posted one per request (a prefix of the same stream).")
        var singleEvents: Int = 20_000

        @Option(help: "Concurrent clients, each with its own keep-alive connection.")
        var clients: Int = 32

        @Option(help: "Generator seed.")
        var seed: UInt64 = 7

        func validate() throws {
            guard events > 0, singleEvents > 0 else {
                throw ValidationError("--events and --single-events must be positive")
            }
            guard clients > 0 else { throw ValidationError("--clients must be positive") }
        }

        func run() throws {
            let figures: ServeBenchmark.Figures
            do {
                figures = try ServeBenchmark(
                    url: try database.resolveURL(),
                    events: events,
                    singleEvents: singleEvents,
                    clients: clients,
                    seed: seed
                ).run()
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail("\(error)")
            }
            print("run                                   events   seconds    events/s   p50 ms   p99 ms  outcome")
            for run in figures.runs {
                print(
                    run.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                        + String(run.events).leftPadded(8) + format(run.seconds).leftPadded(10)
                        + String(Int(run.eventsPerSecond)).leftPadded(12)
                        + (run.p50.map { format($0 * 1000) } ?? "-").leftPadded(9)
                        + (run.p99.map { format($0 * 1000) } ?? "-").leftPadded(9) + "  " + run.outcome
                )
            }
            let single = figures.single
            let singleP99 = single.p99 ?? .infinity
            print(
                "bench: clients=\(clients) serve_2000/file_same_order=\(format(figures.ratio2000)) (target >= 0.8: "
                    + "\(figures.ratio2000 >= 0.8 ? "met" : "missed")) "
                    + "serve_2000/file_order=\(format(figures.ratio2000FileOrder)) "
                    + "serve_100/file_same_order=\(format(figures.ratio100)) "
                    + "single_events_per_s=\(Int(single.eventsPerSecond)) (target >= 5000: "
                    + "\(single.eventsPerSecond >= 5_000 ? "met" : "missed")) single_p99_ms=\(format(singleP99 * 1000)) "
                    + "(target <= 100: \(singleP99 <= 0.1 ? "met" : "missed")) "
                    + "single/file_same_order=\(format(single.eventsPerSecond / figures.singleFile.eventsPerSecond))"
            )
        }
    }
}

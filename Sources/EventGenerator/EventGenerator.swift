/// Realistic, deterministic synthetic chat events (SPEC §3 JSON Lines) for `chatsla generate`,
/// tests, benchmarks and the demo.
///
/// The stream starts with the setup (stores, channels mapped to stores, users, bots, chat
/// settings, time limits, quick replies, a base of customers), then simulates the window:
/// dialogs arriving with day/night and weekday/weekend shapes, customer bursts, replies with
/// long-tailed delays, bots, reassignments, closes and auto-closes (with `clock.tick`),
/// reopenings, privacy consent, delivery statuses and failures, orders, payments, tasks and
/// merges. Every event is meant to be accepted by the domain rules of SPEC §1.
///
/// Events come out one at a time in non-decreasing `at` order, except a few deliberate late
/// arrivals (a customer message ingested minutes after its `at`). Memory is proportional to
/// the dialogs in flight, never to the stream, so a million dialogs stream in constant space.
///
/// ```swift
/// let generator = EventGenerator(configuration: GeneratorConfiguration(dialogs: 20_000, seed: 7))
/// let summary = generator.forEachLine { line in
///     file.write(Data(line))   // the UTF-8 bytes of one JSON object, without the newline
///     file.write(Data([10]))
/// }
/// for line in generator.lines.prefix(3) { print(line) }
/// ```
public struct EventGenerator: Sendable {
    /// What this generator produces.
    public let configuration: GeneratorConfiguration

    /// Creates a generator; nothing runs until the lines are read.
    public init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
    }

    /// Streams every event, in order, as the UTF-8 bytes of one JSON object (no newline).
    ///
    /// The buffer is only valid during the call; copy it to keep it.
    ///
    /// - Parameter body: called once per event.
    /// - Returns: the count of events per type.
    /// - Throws: whatever `body` throws; generation stops there.
    /// - Complexity: O(events · log(dialogs in flight)) time, O(dialogs in flight) memory.
    @discardableResult
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> GeneratorSummary {
        let simulation = Simulation(configuration: configuration)
        while simulation.step() {
            let writer = simulation.writer
            try writer.bytes.withUnsafeBufferPointer { buffer in
                var lineStart = 0
                for lineEnd in writer.lineEnds {
                    try body(UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd]))
                    lineStart = lineEnd
                }
            }
        }
        return simulation.summary
    }

    /// The events as a lazy sequence of JSON strings (one per event, no newline).
    public var lines: EventLines {
        EventLines(configuration: configuration)
    }
}

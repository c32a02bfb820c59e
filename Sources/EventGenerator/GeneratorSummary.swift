/// How many events of each type a generator run wrote (for `chatsla generate` to print).
///
/// ```swift
/// let summary = EventGenerator(configuration: config).forEachLine { line in write(line) }
/// print(summary.total, summary[.messageReceived])
/// ```
public struct GeneratorSummary: Sendable, Hashable, CustomStringConvertible {
    private var counts: [Int]
    /// Events written after their own `at` (deliberate late arrivals); already counted by type.
    public internal(set) var lateArrivals: Int = 0

    /// An empty summary.
    public init() {
        counts = Array(repeating: 0, count: GeneratedEventType.allCases.count)
    }

    /// The number of events of `type`.
    public subscript(type: GeneratedEventType) -> Int {
        counts[type.index]
    }

    /// All events written.
    public var total: Int { counts.reduce(0, +) }

    /// `(type, count)` for every type, in the order of SPEC §3, zero counts included.
    public var byType: [(type: GeneratedEventType, count: Int)] {
        GeneratedEventType.allCases.map { ($0, counts[$0.index]) }
    }

    /// One `type count` pair per line, then the total.
    public var description: String {
        var lines = byType.map { "\($0.type.rawValue) \($0.count)" }
        lines.append("total \(total)")
        return lines.joined(separator: "\n")
    }

    mutating func record(_ type: GeneratedEventType) {
        counts[type.index] += 1
    }

    mutating func unrecord(_ type: GeneratedEventType) {
        counts[type.index] -= 1
    }
}

import ChatDomain

/// How many events of each type a generator run wrote (for `chatsla generate` to print).
///
/// ```swift
/// let summary = EventGenerator(configuration: config).forEachLine { line in write(line) }
/// print(summary.total, summary[.messageReceived])
/// ```
public struct GeneratorSummary: Sendable, Hashable, CustomStringConvertible {
    /// Counts by type; a type never written has no entry.
    private var counts: [EventType: Int] = [:]
    /// Events written after their own `at` (deliberate late arrivals); already counted by type.
    public internal(set) var lateArrivals: Int = 0

    /// An empty summary.
    public init() {}

    /// The number of events of `type`.
    public subscript(type: EventType) -> Int {
        counts[type] ?? 0
    }

    /// All events written.
    public var total: Int { counts.values.reduce(0, +) }

    /// `(type, count)` for every type, in the order of SPEC §3, zero counts included.
    public var byType: [(type: EventType, count: Int)] {
        EventType.allCases.map { ($0, counts[$0] ?? 0) }
    }

    /// One `type count` pair per line, then the total.
    public var description: String {
        var lines = byType.map { "\($0.type.rawValue) \($0.count)" }
        lines.append("total \(total)")
        return lines.joined(separator: "\n")
    }

    mutating func record(_ type: EventType) {
        counts[type, default: 0] += 1
    }

    mutating func unrecord(_ type: EventType) {
        counts[type, default: 0] -= 1
    }
}

/// The events of an ``EventGenerator`` as a lazy, single-pass sequence of JSON strings.
///
/// Each iterator runs its own simulation, so iterating twice yields the same lines twice.
///
/// ```swift
/// var iterator = EventGenerator(configuration: config).lines.makeIterator()
/// while let line = iterator.next() { … }
/// print(iterator.summary)
/// ```
public struct EventLines: Sequence, Sendable {
    let configuration: GeneratorConfiguration

    public func makeIterator() -> Iterator {
        Iterator(simulation: Simulation(configuration: configuration))
    }

    /// Produces one event line at a time; holds only the current batch of lines.
    public struct Iterator: IteratorProtocol {
        private let simulation: Simulation
        private var lineIndex = 0
        private var lineStart = 0
        private var finished = false

        init(simulation: Simulation) {
            self.simulation = simulation
            // An empty batch: the first `next()` asks the simulation for lines.
            lineIndex = Int.max
        }

        /// Counts per type of the events produced so far (whole batches; see ``GeneratorSummary``).
        public var summary: GeneratorSummary { simulation.summary }

        public mutating func next() -> String? {
            while !finished {
                let ends = simulation.writer.lineEnds
                if lineIndex < ends.count {
                    let end = ends[lineIndex]
                    let line = String(decoding: simulation.writer.bytes[lineStart..<end], as: UTF8.self)
                    lineStart = end
                    lineIndex += 1
                    return line
                }
                if simulation.step() {
                    lineIndex = 0
                    lineStart = 0
                } else {
                    finished = true
                }
            }
            return nil
        }
    }
}

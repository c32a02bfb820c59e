/// A benchmark that cannot go on: a file it cannot write, a child run or psql that failed.
///
/// The CLI prints its description as the command's one-line failure.
public struct BenchmarkError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The error to throw when a benchmark cannot go on (`throw fail("psql failed")`).
func fail(_ message: String) -> BenchmarkError {
    BenchmarkError(message)
}

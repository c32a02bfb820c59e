/// A report run that broke one of its own invariants (a worker that never finished, no period).
struct ReportRunError: Error, Sendable, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

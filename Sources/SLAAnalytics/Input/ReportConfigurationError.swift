/// Why a ``ReportConfiguration`` could not be built.
public struct ReportConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    static func emptyPeriod(from: LocalDate, to: LocalDate) -> ReportConfigurationError {
        ReportConfigurationError("the period's first date \(from) is after its last date \(to)")
    }
}

import ArgumentParser
import SLAAnalytics

/// `--from 2026-11-01`: exactly `YYYY-MM-DD` naming a real date, parsed once by the argument
/// parser; printed back as the user wrote it (the format admits one spelling per date).
extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

import ArgumentParser
import ChatDomain
import Foundation

/// An RFC 3339 instant with an offset as the user wrote it (`--as-of 2026-11-01T00:00:00+02:00`),
/// parsed once by the argument parser.
struct Instant: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    let text: String
    /// µs since the Unix epoch.
    let microseconds: Int64

    init?(argument: String) {
        guard case .success(let microseconds) = RFC3339.parse(argument) else { return nil }
        self.text = argument
        self.microseconds = microseconds
    }

    var description: String { text }

    /// Now, in µs since the Unix epoch (rounded down).
    static var nowMicroseconds: Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
    }
}

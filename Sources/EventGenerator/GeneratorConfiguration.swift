import Foundation

/// What to generate: how many dialogs, over how many days, from which seed and instant.
///
/// The default window ends at 2026-11-01T00:00:00Z, never at the wall clock, so the same
/// configuration always yields the same bytes.
///
/// ```swift
/// let config = GeneratorConfiguration(dialogs: 20_000, seed: 42)   // 30 days to 2026-11-01
/// ```
public struct GeneratorConfiguration: Sendable, Hashable {
    /// The number of customer dialogs opened over the window (each may reopen later).
    public var dialogs: Int
    /// The length of the window in days (at least 1).
    public var days: Int
    /// The seed of the deterministic random stream.
    public var seed: UInt64
    /// The first instant of the window; setup events (stores, channels, users, settings) carry it.
    public var start: Date
    /// Whether the setup carries business hours **[ext]** (`settings.business_hours`): a default
    /// schedule in Europe/Kyiv with a holiday, channels of their own (one in America/New_York with
    /// a holiday, one round the clock), and a change of the default halfway. Off by default, so
    /// that streams pinned by tests keep their bytes; `chatsla generate` and `demo` turn it on.
    public var businessHours: Bool

    /// The end of the default window: 2026-11-01T00:00:00Z.
    public static let defaultEnd = Date(timeIntervalSince1970: 1_793_491_200)

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - dialogs: dialogs to open (negative values count as 0).
    ///   - days: length of the window (at least 1).
    ///   - seed: the random seed.
    ///   - start: the window's first instant; `nil` means `days` days before ``defaultEnd``.
    ///   - businessHours: whether to emit schedules (see ``businessHours``).
    public init(dialogs: Int, days: Int = 30, seed: UInt64 = 1, start: Date? = nil, businessHours: Bool = false) {
        self.businessHours = businessHours
        self.dialogs = max(0, dialogs)
        self.days = max(1, days)
        self.seed = seed
        self.start = start ?? GeneratorConfiguration.defaultEnd.addingTimeInterval(-Double(max(1, days)) * 86_400)
    }

    /// The window's first instant in whole microseconds since 1970 (truncated to the second).
    var startMicros: Int64 {
        Int64(start.timeIntervalSince1970.rounded(.down)) * 1_000_000
    }

    /// The number of managers for this daily volume: a few dozen at 20k dialogs a month, about 200
    /// at 1M. A shop staffs for the dialogs of a day, not for its history: a 90-day window of the
    /// same daily traffic as a 30-day one has the same staff.
    var managerCount: Int {
        let monthly = Double(dialogs) * 30 / Double(days)
        return min(400, max(6, Int(monthly.squareRoot() / 5)))
    }
}

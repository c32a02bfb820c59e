import ChatDomain
import Foundation
import Logging
import PostgresClient

/// `chatsla hours set`: a `settings.business_hours` event **[ext]** built from the command line
/// and applied through the ingestion pipeline, so it meets exactly the rules (and lands in exactly
/// the history) of an ingested one.
///
/// ```swift
/// let week = try BusinessHoursChange.week(parsing: "mon-fri 09:00-18:00; sat 10:00-14:00")
/// let change = BusinessHoursChange(by: "a1", channel: nil, schedule: .init(zone: "Europe/Kyiv", week: week, holidays: []))
/// switch try change.apply(connection: connection) { … }
/// ```
public struct BusinessHoursChange: SettingChange, Hashable {
    public static let topic = "hours"
    public static let eventType = "settings.business_hours"

    /// The schedule as the event carries it; the rules check it.
    public struct Schedule: Sendable, Hashable {
        public var zone: String
        /// Weekday key (`mon` … `sun`) → its intervals as `[start, end]`.
        public var week: [String: [[String]]]
        public var holidays: [String]

        public init(zone: String, week: [String: [[String]]], holidays: [String]) {
            self.zone = zone
            self.week = week
            self.holidays = holidays
        }
    }

    public var by: String
    public var channel: String?
    /// `nil`: `hours: null`, round the clock.
    public var schedule: Schedule?
    /// µs since the Unix epoch; the instant the setting takes effect.
    public var at: Int64

    public init(by: String, channel: String?, schedule: Schedule?, at: Int64? = nil) {
        self.by = by
        self.channel = channel
        self.schedule = schedule
        self.at = at ?? Self.now
    }

    /// A `--week` text that is not `DAYS HH:MM-HH:MM[,HH:MM-HH:MM…][; …]`.
    public struct WeekSyntaxError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `mon-fri 09:00-18:00; sat 10:00-14:00` (groups separated by `;`; days as a key, a
    /// range `mon-fri` or a list `mon,wed`; intervals separated by `,`). The times are passed on
    /// as written: the rules check them (`invalid_business_hours`).
    /// - Throws: ``WeekSyntaxError`` naming the part that cannot be read.
    public static func week(parsing text: String) throws(WeekSyntaxError) -> [String: [[String]]] {
        let keys = BusinessHours.weekdayKeys
        var week: [String: [[String]]] = [:]
        for group in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !group.isEmpty {
            let parts = group.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else {
                throw WeekSyntaxError(
                    description: "\"\(group)\" is not DAYS HH:MM-HH:MM (e.g. \"mon-fri 09:00-18:00\")"
                )
            }
            var days: [String] = []
            for item in parts[0].split(separator: ",") {
                let ends = item.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard ends.count <= 2, let first = keys.firstIndex(of: ends[0]),
                    let last = ends.count == 2 ? keys.firstIndex(of: ends[1]) : first, first <= last
                else {
                    throw WeekSyntaxError(
                        description:
                            "\"\(item)\" is not a day or a range of days (mon, tue, wed, thu, fri, sat, sun; e.g. mon-fri)"
                    )
                }
                days += keys[first...last]
            }
            var intervals: [[String]] = []
            for item in parts[1].split(separator: ",") {
                let ends = item.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard ends.count == 2 else {
                    throw WeekSyntaxError(description: "\"\(item)\" is not an interval HH:MM-HH:MM (e.g. 09:00-18:00)")
                }
                intervals.append(ends)
            }
            for day in days { week[day, default: []] += intervals }
        }
        return week
    }

    /// `hours`: the schedule (`tz`, `week`, `holidays`), `null` for round the clock.
    public var fields: [String: Any] {
        [
            "hours": schedule.map { ["tz": $0.zone, "week": $0.week, "holidays": $0.holidays] as [String: Any] }
                ?? NSNull()
        ]
    }

    /// What is allowed, in the administrator's terms, for a rejection's code (the rules' message
    /// says what is wrong).
    public func advice(code: String) -> String {
        code == RejectionCode.notChatAdmin.rawValue
            ? "only an admin or a chat admin can change business hours; \(by) is neither (use --by with such a user)"
            : ""
    }
}

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
public struct BusinessHoursChange: Sendable, Hashable {
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
        self.at = at ?? Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
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

    /// The event line: `{"id": "hours-set-…", "type": "settings.business_hours", "at": …, …}`.
    public func eventLine(id: String = "hours-set-\(UUID().uuidString.lowercased())") throws -> String {
        var object: [String: Any] = [
            "id": id,
            "type": "settings.business_hours",
            "at": RFC3339.format(at),
            "by": ["user": by],
            "channel": channel ?? NSNull(),
            "hours": NSNull(),
        ]
        if let schedule {
            object["hours"] = ["tz": schedule.zone, "week": schedule.week, "holidays": schedule.holidays]
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Applies the change through ``Ingester`` (one line, one transaction).
    /// - Returns: the instant it took effect, or the rejection's code and message.
    /// - Throws: `StoreError` (another ingestion holds the lock), `PostgresError`, I/O errors.
    public func apply(
        connection: PostgresConnection,
        logger: Logger = Logger(label: "chatsla.hours")
    ) throws -> TimeLimitChange.Outcome {
        let line = try eventLine() + "\n"
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw StoreError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptors[0]) }
        let bytes = Array(line.utf8)
        // One short line fits in the pipe's buffer, so writing before reading cannot block.
        let written = bytes.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        guard written == bytes.count else { throw StoreError("cannot write the event to the pipe") }
        let ingester = try Ingester(connection: connection, logger: logger, batchSize: 1)
        var rejection: RejectedLine?
        let summary = try ingester.ingest(source: "hours set", descriptor: descriptors[0], rejects: { rejection = $0 })
        if let rejection {
            let advice =
                rejection.code == RejectionCode.notChatAdmin.rawValue
                ? "only an admin or a chat admin can change business hours; \(by) is neither (use --by with such a user)"
                : ""
            return .rejected(code: rejection.code, message: rejection.message, advice: advice)
        }
        guard summary.accepted == 1 else {
            throw StoreError("the setting was neither accepted nor rejected: \(summary)")
        }
        return .accepted(effectiveAt: at)
    }
}

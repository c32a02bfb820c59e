/// A working-time schedule **[ext]**: an IANA time zone, weekly working intervals in local time
/// and holidays (local dates, whole days off).
///
/// ```swift
/// let hours = try BusinessHours.parse(
///     timeZone: "Europe/Kyiv",
///     week: [("mon", [.init(["09:00", "18:00"])])],
///     holidays: ["2026-12-25"]
/// ).get()
/// hours.week[0]   // [WorkingInterval(startMinute: 540, endMinute: 1080)]
/// ```
public struct BusinessHours: Hashable, Sendable {
    /// The IANA zone the intervals and holidays are local to.
    public var timeZone: String
    /// Seven lists, Monday first, each sorted and without overlaps (touching intervals stay apart,
    /// as written).
    public var week: [[WorkingInterval]]
    /// `YYYY-MM-DD`, sorted, without repeats.
    public var holidays: [String]

    public init(timeZone: String, week: [[WorkingInterval]], holidays: [String]) {
        self.timeZone = timeZone
        self.week = week
        self.holidays = holidays
    }

    /// The weekday keys of the event, Monday first (the index in ``week``).
    public static let weekdayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `{"mon":[["09:00","18:00"]],…}` with the days that have intervals, Monday first: how the
    /// store keeps ``week`` and how the page and `hours show` print it.
    public var weekJSON: String {
        let days = week.enumerated().filter { !$0.element.isEmpty }.map { day, intervals in
            "\"\(Self.weekdayKeys[day])\":["
                + intervals.map { "[\"\($0.startText)\",\"\($0.endText)\"]" }.joined(separator: ",") + "]"
        }
        return "{" + days.joined(separator: ",") + "}"
    }

    /// `mon-fri 09:00-18:00; sat 10:00-14:00`: consecutive days with the same intervals are
    /// written as a range (the `--week` syntax of `chatsla hours set`); `closed` for an empty week.
    public var weekText: String {
        var parts: [String] = []
        var day = 0
        while day < 7 {
            guard !week[day].isEmpty else {
                day += 1
                continue
            }
            var last = day
            while last + 1 < 7, week[last + 1] == week[day] { last += 1 }
            let days = last == day ? Self.weekdayKeys[day] : "\(Self.weekdayKeys[day])-\(Self.weekdayKeys[last])"
            parts.append(days + " " + week[day].map { "\($0.startText)-\($0.endText)" }.joined(separator: ","))
            day = last + 1
        }
        return parts.isEmpty ? "closed" : parts.joined(separator: "; ")
    }
}

/// One local working interval of a weekday, in minutes after local midnight
/// (0 ≤ start < end ≤ 1440; 1440 is `24:00`, the end of the day).
public struct WorkingInterval: Hashable, Sendable, Comparable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    public var startText: String { Self.text(startMinute) }
    public var endText: String { Self.text(endMinute) }

    /// `HH:MM`.
    public static func text(_ minute: Int) -> String {
        let hours = minute / 60
        let minutes = minute % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// Minutes after midnight of exactly `HH:MM` (two digits each, `00:00` … `24:00`); `nil`
    /// otherwise.
    public static func minute(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
            bytes.indices.allSatisfy({ $0 == 2 || (bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9")) })
        else { return nil }
        func digit(_ index: Int) -> Int { Int(bytes[index] - UInt8(ascii: "0")) }
        let hours = digit(0) * 10 + digit(1)
        let minutes = digit(3) * 10 + digit(4)
        guard minutes < 60, hours < 24 || (hours == 24 && minutes == 0) else { return nil }
        return hours * 60 + minutes
    }

    public static func < (lhs: WorkingInterval, rhs: WorkingInterval) -> Bool {
        lhs.startMinute != rhs.startMinute ? lhs.startMinute < rhs.startMinute : lhs.endMinute < rhs.endMinute
    }
}

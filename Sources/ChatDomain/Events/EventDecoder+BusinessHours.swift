import Foundation

extension EventDecoder {
    /// The `hours` of a `settings.business_hours` event: `nil` for `null` (round the clock), else
    /// the schedule or the `invalid_business_hours` rejection its content earns.
    ///
    /// A missing `hours`, `tz`, `week` or `holidays`, or one of the wrong JSON type, is
    /// `invalid_event` at once; what is inside them (the zone's name, weekday keys, intervals,
    /// dates) is checked here but rejected by the rules, after the actor's rights
    /// (`not_chat_admin` first, as for time limits).
    static func businessHours(_ fields: EventFields) throws(Rejection) -> Result<BusinessHours, Rejection>? {
        guard let value = fields.raw("hours") else {
            throw .invalidField(
                "hours",
                "is missing; use null for round the clock, or {\"tz\", \"week\", \"holidays\"}"
            )
        }
        if case .null = value { return nil }
        guard case .object(let members) = value else { throw fields.wrongType("hours", "an object or null", value) }
        let hours = EventFields(members: members, prefix: "hours.")
        let zone = try hours.string("tz")
        let week = try hours.required("week")
        guard case .object(let days) = week else { throw hours.wrongType("week", "an object", week) }
        let holidays = try hours.required("holidays")
        guard case .array(let dates) = holidays else { throw hours.wrongType("holidays", "an array", holidays) }
        do throws(Rejection) {
            return .success(
                BusinessHours(
                    timeZone: try BusinessHours.checkedZone(zone),
                    week: try BusinessHours.checkedWeek(days),
                    holidays: try BusinessHours.checkedHolidays(dates)
                )
            )
        } catch {
            return .failure(error)
        }
    }
}

extension BusinessHours {
    static func invalid(_ field: String, _ problem: String) -> Rejection {
        Rejection(.invalidBusinessHours, "field \"\(field)\": \(problem)")
    }

    /// IANA names the system's time-zone database knows, read once.
    private static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)

    /// `name` when it is an IANA zone (`Europe/Kyiv`, `UTC`, `Etc/GMT+3`, `US/Eastern`), else
    /// `invalid_business_hours`. Offsets such as `GMT+3` are refused: PostgreSQL reads them as
    /// POSIX zones, with the sign the other way round.
    public static func checkedZone(_ name: String) throws(Rejection) -> String {
        guard knownZones.contains(name) || name == "UTC" || name.contains("/"), TimeZone(identifier: name) != nil
        else {
            throw invalid(
                "hours.tz",
                "\"\(name)\" is not an IANA time zone; use a name such as \"Europe/Kyiv\" or \"UTC\""
            )
        }
        return name
    }

    static func checkedWeek(_ days: [(key: String, value: JSONValue)]) throws(Rejection) -> [[WorkingInterval]] {
        var week = [[WorkingInterval]](repeating: [], count: 7)
        for (key, value) in days {
            let field = "hours.week.\(key)"
            guard let day = weekdayKeys.firstIndex(of: key) else {
                throw invalid(field, "is not a weekday; use mon, tue, wed, thu, fri, sat or sun")
            }
            guard case .array(let elements) = value else {
                throw invalid(field, "must be a list of [\"HH:MM\", \"HH:MM\"] intervals, not \(value.kindName)")
            }
            var intervals: [(interval: WorkingInterval, position: Int)] = []
            for (position, element) in elements.enumerated() {
                let path = "\(field)[\(position)]"
                guard case .array(let ends) = element, ends.count == 2, case .string(let start) = ends[0],
                    case .string(let end) = ends[1]
                else { throw invalid(path, "must be an interval [\"HH:MM\", \"HH:MM\"]") }
                guard let startMinute = WorkingInterval.minute(start), startMinute < 24 * 60 else {
                    throw invalid(path, "start \"\(start)\" is not a time HH:MM from 00:00 to 23:59")
                }
                guard let endMinute = WorkingInterval.minute(end) else {
                    throw invalid(path, "end \"\(end)\" is not a time HH:MM from 00:01 to 24:00")
                }
                guard startMinute < endMinute else {
                    throw invalid(path, "\"\(start)\"–\"\(end)\" does not end after it starts")
                }
                intervals.append((WorkingInterval(startMinute: startMinute, endMinute: endMinute), position))
            }
            intervals.sort { $0.interval < $1.interval }
            for (previous, next) in zip(intervals, intervals.dropFirst())
            where next.interval.startMinute < previous.interval.endMinute {
                throw invalid(
                    "\(field)[\(max(previous.position, next.position))]",
                    "\(next.interval.startText)–\(next.interval.endText) overlaps "
                        + "\(previous.interval.startText)–\(previous.interval.endText) of the same day"
                )
            }
            week[day] = intervals.map(\.interval)
        }
        return week
    }

    static func checkedHolidays(_ dates: [JSONValue]) throws(Rejection) -> [String] {
        var holidays: [String] = []
        for (position, element) in dates.enumerated() {
            let path = "hours.holidays[\(position)]"
            guard case .string(let text) = element else {
                throw invalid(path, "must be a date \"YYYY-MM-DD\", not \(element.kindName)")
            }
            guard isDate(text) else { throw invalid(path, "\"\(text)\" is not a valid date YYYY-MM-DD") }
            holidays.append(text)
        }
        return Array(Set(holidays)).sorted()
    }

    /// Exactly `YYYY-MM-DD` naming a real Gregorian date in the years 0001–9999.
    public static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        var number = 0
        var parts: [Int] = []
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 7 {
                parts.append(number)
                number = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        parts.append(number)
        let (year, month, day) = (parts[0], parts[1], parts[2])
        guard year >= 1, month >= 1, month <= 12, day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}

extension BusinessHours {
    /// Reads a schedule back from its stored form (``weekJSON``, the zone, the holidays), under
    /// the same checks as an event's.
    ///
    /// ```swift
    /// let hours = BusinessHours(stored: #"{"mon":[["09:00","18:00"]]}"#, timeZone: "UTC", holidays: [])
    /// ```
    /// - Returns: `nil` when the text is not such a schedule.
    public init?(stored weekJSON: String, timeZone: String, holidays: [String]) {
        var bytes = Array(weekJSON.utf8)
        let parsed: JSONValue? = bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = JSONParser(bytes: UnsafeBufferPointer(buffer))
            return try? parser.parseDocument()
        }
        guard case .object(let days) = parsed,
            let zone = try? Self.checkedZone(timeZone),
            let week = try? Self.checkedWeek(days),
            let dates = try? Self.checkedHolidays(holidays.map { JSONValue.string($0) })
        else { return nil }
        self.init(timeZone: zone, week: week, holidays: dates)
    }
}

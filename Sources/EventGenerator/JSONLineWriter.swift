import ChatDomain

/// Appends one JSON object at a time to a reusable byte buffer, without `Codable` or `String`
/// building, so the generator stays well above 300k events per second.
///
/// Keys are written by the caller as ASCII literals; values go through the typed helpers here,
/// which escape text as JSON requires.
///
/// - Complexity: O(bytes written); the buffer keeps its capacity between lines.
struct JSONLineWriter {
    /// The bytes of the lines written since the last `reset()`, each line without its newline.
    private(set) var bytes: [UInt8] = []
    /// The end offset of every finished line in `bytes`.
    private(set) var lineEnds: [Int] = []
    private var needsComma = false
    private var dayCache: Int64 = .min
    private var dayPrefix: [UInt8] = []
    /// Written before every event id and every id of the traffic (dialogs, customers, messages,
    /// orders, …): `s7-` for seed 7, so files generated with different seeds can share a
    /// database. The world (stores, channels, users, bots, quick replies, offers) keeps plain ids.
    private let trafficTag: [UInt8]

    init(trafficTag: String = "") {
        self.trafficTag = Array(trafficTag.utf8)
        bytes.reserveCapacity(1 << 16)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        lineEnds.removeAll(keepingCapacity: true)
    }

    /// Cuts the last finished line out of the buffer (to emit it later, as a late arrival).
    mutating func removeLastLine() -> [UInt8] {
        let end = lineEnds.removeLast()
        let start = lineEnds.last ?? 0
        let line = Array(bytes[start..<end])
        bytes.removeSubrange(start..<end)
        return line
    }

    /// Appends a line rendered earlier.
    mutating func appendLine(_ line: [UInt8]) {
        bytes.append(contentsOf: line)
        lineEnds.append(bytes.count)
    }

    // MARK: - Objects

    /// Opens an event object with its `id`, `type` and `at`.
    mutating func beginEvent(id: UInt64, type: EventType, at: Int64, offsetHours: Int = 0) {
        bytes.append(contentsOf: #"{"id":""#.utf8)
        bytes.append(contentsOf: trafficTag)
        bytes.append(UInt8(ascii: "e"))
        appendDigits(id, width: 0)
        bytes.append(contentsOf: #"","type":""#.utf8)
        bytes.append(contentsOf: type.rawValue.utf8)
        bytes.append(contentsOf: #"","at":""#.utf8)
        appendTimestamp(at, offsetHours: offsetHours)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Closes the event object and records the line's end.
    mutating func endEvent() {
        bytes.append(UInt8(ascii: "}"))
        lineEnds.append(bytes.count)
        needsComma = false
    }

    mutating func beginObject(_ key: StaticString) {
        self.key(key)
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func beginObject() {
        comma()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray(_ key: StaticString) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Opens an array as an element of an array.
    mutating func beginArray() {
        comma()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    // MARK: - Fields

    /// `"key":"<prefix><number>"`, e.g. `"dialog":"d000123"` with `width` 6.
    mutating func id(_ key: StaticString, _ prefix: StaticString, _ number: Int, width: Int = 0) {
        self.key(key)
        writeId(prefix, number, width: width)
    }

    /// `"key":"<tag><prefix><number>"`: an id of the traffic, unique per seed (`"dialog":"s7-d000123"`).
    mutating func trafficID(_ key: StaticString, _ prefix: StaticString, _ number: Int, width: Int = 0) {
        self.key(key)
        writeId(prefix, number, width: width, tagged: true)
    }

    /// A traffic id as an array element.
    mutating func trafficIDValue(_ prefix: StaticString, _ number: Int, width: Int = 0) {
        comma()
        writeId(prefix, number, width: width, tagged: true)
        needsComma = true
    }

    /// An id as an array element.
    mutating func idValue(_ prefix: StaticString, _ number: Int, width: Int = 0) {
        comma()
        writeId(prefix, number, width: width)
        needsComma = true
    }

    private mutating func writeId(_ prefix: StaticString, _ number: Int, width: Int, tagged: Bool = false) {
        bytes.append(UInt8(ascii: "\""))
        if tagged { bytes.append(contentsOf: trafficTag) }
        appendStatic(prefix)
        appendDigits(UInt64(max(number, 0)), width: width)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"key":"text"` with JSON escaping.
    mutating func string(_ key: StaticString, _ text: String) {
        self.key(key)
        appendEscaped(text)
    }

    /// `"key":"text"` for a literal that needs no escaping.
    mutating func literal(_ key: StaticString, _ text: StaticString) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        appendStatic(text)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string element of an array, escaped.
    mutating func stringValue(_ text: String) {
        comma()
        appendEscaped(text)
        needsComma = true
    }

    mutating func int(_ key: StaticString, _ value: Int) {
        self.key(key)
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        appendDigits(UInt64(value.magnitude), width: 0)
    }

    mutating func bool(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null(_ key: StaticString) {
        self.key(key)
        bytes.append(contentsOf: "null".utf8)
    }

    /// Money as a JSON string: `"1290"` for whole amounts, else two fraction digits (`"1290.50"`).
    mutating func money(_ key: StaticString, cents: Int64) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        if cents < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        let magnitude = cents.magnitude
        appendDigits(magnitude / 100, width: 0)
        if magnitude % 100 != 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(magnitude % 100, width: 2)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"key":"<RFC 3339 instant>"`.
    mutating func timestamp(_ key: StaticString, _ micros: Int64) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        appendTimestamp(micros, offsetHours: 0)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"key":{"user":"u12"}`, `{"bot":"b1"}` or `{"system":true}`.
    mutating func actor(_ key: StaticString, _ actor: Actor) {
        self.key(key)
        switch actor {
        case .user(let number):
            bytes.append(contentsOf: #"{"user":"u"#.utf8)
            appendDigits(UInt64(number), width: 0)
            bytes.append(contentsOf: #""}"#.utf8)
        case .bot(let number):
            bytes.append(contentsOf: #"{"bot":"b"#.utf8)
            appendDigits(UInt64(number), width: 0)
            bytes.append(contentsOf: #""}"#.utf8)
        case .system:
            bytes.append(contentsOf: #"{"system":true}"#.utf8)
        }
    }

    // MARK: - Pieces

    private mutating func comma() {
        if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func key(_ key: StaticString) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        appendStatic(key)
        bytes.append(contentsOf: #"":"#.utf8)
        needsComma = true
    }

    private mutating func appendStatic(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits of `value`, left-padded with zeros to `width`.
    mutating func appendDigits(_ value: UInt64, width: Int) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { raw in
            var index = raw.count
            var rest = value
            repeat {
                index -= 1
                raw[index] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            } while rest > 0
            while raw.count - index < width {
                index -= 1
                raw[index] = UInt8(ascii: "0")
            }
            bytes.append(contentsOf: raw[index...])
        }
    }

    private mutating func appendEscaped(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"):
                bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"):
                bytes.append(contentsOf: #"\n"#.utf8)
            case 0..<0x20:
                bytes.append(contentsOf: #"\u00"#.utf8)
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 15)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]±HH:00`; the date part is cached per day because events
    /// arrive in time order.
    private mutating func appendTimestamp(_ micros: Int64, offsetHours: Int) {
        let local = micros + Int64(offsetHours) * 3_600_000_000
        let seconds = local.floorDiv(1_000_000)
        let fraction = local - seconds * 1_000_000
        let day = seconds.floorDiv(86_400)
        let secondOfDay = seconds - day * 86_400
        if day != dayCache {
            dayCache = day
            let (year, month, dayOfMonth) = CivilDate.fromDays(day)
            dayPrefix.removeAll(keepingCapacity: true)
            swap(&bytes, &dayPrefix)
            appendDigits(UInt64(year), width: 4)
            bytes.append(UInt8(ascii: "-"))
            appendDigits(UInt64(month), width: 2)
            bytes.append(UInt8(ascii: "-"))
            appendDigits(UInt64(dayOfMonth), width: 2)
            bytes.append(UInt8(ascii: "T"))
            swap(&bytes, &dayPrefix)
        }
        bytes.append(contentsOf: dayPrefix)
        appendDigits(UInt64(secondOfDay / 3600), width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(UInt64(secondOfDay / 60 % 60), width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(UInt64(secondOfDay % 60), width: 2)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(UInt64(fraction), width: 6)
        }
        bytes.append(offsetHours >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
        appendDigits(UInt64(offsetHours.magnitude), width: 2)
        bytes.append(contentsOf: ":00".utf8)
    }
}

/// Who performed an action, as written in events.
enum Actor {
    case user(Int)
    case bot(Int)
    case system
}

extension Int64 {
    /// Division rounding toward negative infinity (``CivilDate/floorDivision(_:_:)``).
    func floorDiv(_ divisor: Int64) -> Int64 {
        CivilDate.floorDivision(self, divisor).quotient
    }
}

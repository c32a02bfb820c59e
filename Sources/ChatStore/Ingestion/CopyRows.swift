import ChatDomain
import PostgresClient

/// Rows of one table in PostgreSQL's text COPY format, built field by field.
///
/// ```swift
/// var rows = CopyRows()
/// rows.int(1); rows.text("hello"); rows.timestamp(micros); rows.endRow()
/// ```
/// - Complexity: every append is O(length of the field); nothing allocates but the buffer's growth.
struct CopyRows: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0
    private var atRowStart = true

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        count = 0
        atRowStart = true
    }

    private mutating func separate() {
        if atRowStart {
            atRowStart = false
        } else {
            bytes.append(UInt8(ascii: "\t"))
        }
    }

    private mutating func null() {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "N"))
    }

    /// - Complexity: O(length); text without a byte to escape is appended in one copy.
    mutating func text(_ value: String?) {
        separate()
        guard var value else { return null() }
        let plain = value.withUTF8 { utf8 -> Bool in
            for byte in utf8 where byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { TextCopyFormat.appendField(value, to: &bytes) }
    }

    mutating func int(_ value: Int64?) {
        separate()
        guard let value else { return null() }
        appendDecimal(value)
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    /// A `bytea` field in hex form (`\\x…`: the backslash is escaped for COPY's text format).
    mutating func bytea(_ value: [UInt8]) {
        separate()
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "x"))
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { hex in
            for byte in value {
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0f)])
            }
        }
    }

    mutating func bool(_ value: Bool?) {
        separate()
        guard let value else { return null() }
        bytes.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// An instant (microseconds since the Unix epoch) as `YYYY-MM-DD HH:MM:SS.ffffff+00`.
    mutating func timestamp(_ micros: Int64?) {
        separate()
        guard let micros else { return null() }
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = CivilDate.fromDays(days)
        appendPadded(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2)
        bytes.append(UInt8(ascii: " "))
        appendPadded(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            appendPadded(fraction, width: 6)
        }
        bytes.append(UInt8(ascii: "+"))
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "0"))
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        count += 1
        atRowStart = true
    }

    private mutating func appendDecimal(_ value: Int64) {
        // A small String is stored inline: this does not allocate.
        bytes.append(contentsOf: String(value).utf8)
    }

    private mutating func appendPadded(_ value: Int64, width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}

/// An instant as printed in the report's CSV files: RFC 3339 in the report's time zone, always
/// with a numeric offset (`+00:00`, never `Z`), with `.ffffff` only when the microseconds are not
/// zero (SPEC §5).
public struct ReportTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// µs since the Unix epoch.
    public var instant: Int64
    public var utcOffsetSeconds: Int32

    public init(instant: Int64, utcOffsetSeconds: Int32) {
        self.instant = instant
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Local wall-clock time split as the text shows it.
    private var fields: (seconds: Int64, micros: Int64) {
        let local = instant + Int64(utcOffsetSeconds) * 1_000_000
        let micros = ((local % 1_000_000) + 1_000_000) % 1_000_000
        return ((local - micros) / 1_000_000, micros)
    }

    /// The local date, second of the day and microseconds the text shows.
    private var localParts: (date: LocalDate, secondOfDay: Int64, micros: Int64) {
        let (seconds, micros) = fields
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        return (LocalDate(daysSinceEpoch: (seconds - secondOfDay) / 86_400), secondOfDay, micros)
    }

    /// Appends ``description``'s UTF-8 bytes to `bytes` (no `String` built on the way).
    ///
    /// Years 0…9999 (every instant a report prints in practice) are formatted into a stack buffer
    /// and appended at once: `breaches.csv` prints three timestamps per row, millions of rows.
    /// - Complexity: O(1).
    public func appendText(to bytes: inout [UInt8]) {
        let (date, secondOfDay, micros) = localParts
        let offsetMinutes = Int64(utcOffsetSeconds.magnitude) / 60
        guard (0...9999).contains(date.year), offsetMinutes < 100 * 60 else {
            appendTextDigitByDigit(to: &bytes)
            return
        }
        // `YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM` is at most 32 bytes.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { text in
            var end = 0
            func put(_ byte: UInt8) {
                text[end] = byte
                end += 1
            }
            func put(_ value: Int64, digits: Int) {
                var rest = value
                for position in stride(from: end + digits - 1, through: end, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
                end += digits
            }
            put(Int64(date.year), digits: 4)
            put(UInt8(ascii: "-"))
            put(Int64(date.month), digits: 2)
            put(UInt8(ascii: "-"))
            put(Int64(date.day), digits: 2)
            put(UInt8(ascii: "T"))
            put(secondOfDay / 3600, digits: 2)
            put(UInt8(ascii: ":"))
            put(secondOfDay / 60 % 60, digits: 2)
            put(UInt8(ascii: ":"))
            put(secondOfDay % 60, digits: 2)
            if micros != 0 {
                put(UInt8(ascii: "."))
                put(micros, digits: 6)
            }
            put(utcOffsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            put(offsetMinutes / 60, digits: 2)
            put(UInt8(ascii: ":"))
            put(offsetMinutes % 60, digits: 2)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<end]))
        }
    }

    /// ``appendText(to:)`` for any instant and offset (a year outside 0…9999, an offset of 100
    /// hours or more), one field at a time; the same text where both apply (a test holds them
    /// together).
    func appendTextDigitByDigit(to bytes: inout [UInt8]) {
        let (date, secondOfDay, micros) = localParts
        date.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.appendDigits(secondOfDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        if micros != 0 {
            bytes.append(UInt8(ascii: "."))
            Self.appendDigits(micros, count: 6, to: &bytes)
        }
        let offsetMinutes = Int64(utcOffsetSeconds.magnitude) / 60
        bytes.append(utcOffsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        Self.appendDigits(offsetMinutes / 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendDigits(offsetMinutes % 60, count: 2, to: &bytes)
    }

    /// `value` (≥ 0) in exactly `count` decimal digits, zero-padded (more when it does not fit).
    static func appendDigits(_ value: Int64, count: Int, to bytes: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
        var rest = value.magnitude
        var written = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while written < buffer.count && (rest > 0 || written < count) {
                buffer[buffer.count - 1 - written] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                written += 1
            }
        }
        if rest > 0 {  // wider than 8 digits: rare, done with the standard library
            let text = String(value.magnitude)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: Swift.max(0, count - text.utf8.count)))
            bytes.append(contentsOf: text.utf8)
            return
        }
        withUnsafeBytes(of: &digits) { buffer in
            // Appended as a buffer pointer: one copy (a slice of raw bytes goes element by element).
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(buffer.count - written)...]))
        }
    }

    /// Compares the two timestamps' texts (``description``) in code-point order without building
    /// them: negative, zero or positive.
    ///
    /// The text is `YYYY-MM-DDTHH:MM:SS`, then `.ffffff` when the microseconds are not zero, then
    /// `±HH:MM`. With four-digit years the first 19 characters order as the local second does;
    /// after them `+` (0x2B) < `-` (0x2D) < `.` (0x2E), and the fixed-width digits order as
    /// their values. Years outside 1000…9999 fall back to comparing the texts.
    /// - Complexity: O(1).
    static func compareTexts(_ lhs: ReportTimestamp, _ rhs: ReportTimestamp) -> Int {
        let (left, right) = (lhs.fields, rhs.fields)
        // 1000-01-01T00:00:00 and 10000-01-01T00:00:00 as local seconds since the epoch.
        let range: ClosedRange<Int64> = -30_610_224_000...253_402_300_799
        guard range.contains(left.seconds), range.contains(right.seconds) else {
            return CodePointOrder.compare(lhs.description, rhs.description)
        }
        if left.seconds != right.seconds { return left.seconds < right.seconds ? -1 : 1 }
        // Same 19 characters. Next: '.' for a fraction, else the offset's sign.
        func signByte(_ offset: Int32) -> Int { offset < 0 ? 0x2D : 0x2B }
        let leftNext = left.micros != 0 ? 0x2E : signByte(lhs.utcOffsetSeconds)
        let rightNext = right.micros != 0 ? 0x2E : signByte(rhs.utcOffsetSeconds)
        if leftNext != rightNext { return leftNext < rightNext ? -1 : 1 }
        if left.micros != right.micros { return left.micros < right.micros ? -1 : 1 }
        if left.micros != 0 {
            // Both fractions equal: the offsets' signs come next.
            let (ls, rs) = (signByte(lhs.utcOffsetSeconds), signByte(rhs.utcOffsetSeconds))
            if ls != rs { return ls < rs ? -1 : 1 }
        }
        // Same sign: HH:MM of the magnitude, in minutes (seconds of an offset are not printed).
        let (lm, rm) = (Int64(lhs.utcOffsetSeconds.magnitude) / 60, Int64(rhs.utcOffsetSeconds.magnitude) / 60)
        return lm == rm ? 0 : (lm < rm ? -1 : 1)
    }
}

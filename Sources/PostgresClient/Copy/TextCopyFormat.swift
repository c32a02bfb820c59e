#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PostgreSQL's text COPY format: tab-separated fields, `\N` for `NULL`, backslash escapes, one line a row.
public enum TextCopyFormat {
    /// Appends one field, escaped; `nil` is written as `\N`.
    public static func appendField(_ value: String?, to bytes: inout [UInt8]) {
        guard let value else {
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(UInt8(ascii: "N"))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: bytes.append(byte)
            }
        }
    }

    /// Appends an integer field (a small `String` lives inline, so this does not allocate).
    public static func appendField(_ value: Int64, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(value).utf8)
    }

    public static func appendSeparator(to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\t"))
    }

    public static func endRow(_ bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Rows in this format as the `VALUES` list of an `INSERT`: `('a',NULL,'1'),('b','x','2')`.
    ///
    /// Each field becomes a string literal (its text is the column type's input form, exactly as
    /// COPY would read it), `\N` becomes `NULL`. Literals are written for
    /// `standard_conforming_strings = on` (PostgreSQL's default since 9.1): quotes doubled,
    /// backslashes as they are.
    /// - Complexity: O(bytes).
    public static func valuesList(_ rows: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count + rows.count / 8 + 16)
        var index = 0
        let count = rows.count
        var firstRow = true
        while index < count {
            out.append(firstRow ? UInt8(ascii: "(") : UInt8(ascii: ","))
            if !firstRow { out.append(UInt8(ascii: "(")) }
            firstRow = false
            var firstField = true
            // One field per iteration, up to a tab (next field) or a newline (end of the row).
            while true {
                if !firstField { out.append(UInt8(ascii: ",")) }
                firstField = false
                if index + 1 < count, rows[index] == UInt8(ascii: "\\"), rows[index + 1] == UInt8(ascii: "N"),
                    index + 2 == count || rows[index + 2] == UInt8(ascii: "\t") || rows[index + 2] == UInt8(ascii: "\n")
                {
                    out.append(contentsOf: "NULL".utf8)
                    index += 2
                } else {
                    out.append(UInt8(ascii: "'"))
                    while index < count, rows[index] != UInt8(ascii: "\t"), rows[index] != UInt8(ascii: "\n") {
                        var byte = rows[index]
                        if byte == UInt8(ascii: "\\"), index + 1 < count {
                            index += 1
                            switch rows[index] {
                            case UInt8(ascii: "t"): byte = UInt8(ascii: "\t")
                            case UInt8(ascii: "n"): byte = UInt8(ascii: "\n")
                            case UInt8(ascii: "r"): byte = UInt8(ascii: "\r")
                            case UInt8(ascii: "b"): byte = 0x08
                            case UInt8(ascii: "f"): byte = 0x0C
                            case UInt8(ascii: "v"): byte = 0x0B
                            default: byte = rows[index]
                            }
                        }
                        if byte == UInt8(ascii: "'") { out.append(byte) }
                        out.append(byte)
                        index += 1
                    }
                    out.append(UInt8(ascii: "'"))
                }
                if index >= count || rows[index] == UInt8(ascii: "\n") {
                    index += 1
                    break
                }
                index += 1  // the tab
            }
            out.append(UInt8(ascii: ")"))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// One row of a text `COPY TO STDOUT`, read field by field.
///
/// Valid only inside the `copyOutText` callback (it borrows libpq's buffer).
public struct TextCopyRow: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(bytes: UnsafeRawBufferPointer) {
        // Drop the line end so the last field ends at the buffer's end.
        if let last = bytes.last, last == UInt8(ascii: "\n") {
            self.bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast())
        } else {
            self.bytes = bytes
        }
    }

    /// Whether every field has been read.
    public var isAtEnd: Bool { offset > bytes.count }

    /// The next field's raw, still escaped bytes; `nil` for `NULL`.
    public mutating func nextRawField() throws -> UnsafeRawBufferPointer? {
        guard offset <= bytes.count else {
            throw PostgresError(kind: .decoding, message: "read past the last field of a text COPY row")
        }
        // memchr: the field scan is the text reader's hot loop.
        var end = bytes.count
        if offset < bytes.count, let base = bytes.baseAddress,
            let tab = memchr(base + offset, Int32(UInt8(ascii: "\t")), bytes.count - offset)
        {
            end = base.distance(to: UnsafeRawPointer(tab))
        }
        let field = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
        offset = end + 1
        if field.count == 2, field[0] == UInt8(ascii: "\\"), field[1] == UInt8(ascii: "N") { return nil }
        return field
    }

    /// The next field unescaped, or `nil` for `NULL`.
    public mutating func readOptionalString() throws -> String? {
        guard let raw = try nextRawField() else { return nil }
        guard let base = raw.baseAddress, memchr(base, Int32(UInt8(ascii: "\\")), raw.count) != nil else {
            return String(decoding: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < raw.count else {
                out.append(byte)
                continue
            }
            let escaped = raw[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            default: out.append(escaped)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func readString() throws -> String {
        guard let value = try readOptionalString() else {
            throw PostgresError(kind: .decoding, message: "a text COPY field is NULL where a value was expected")
        }
        return value
    }

    /// The next field as a decimal integer, parsed in place.
    public mutating func readOptionalInt64() throws -> Int64? {
        guard let raw = try nextRawField() else { return nil }
        let notAnInteger = PostgresError(kind: .decoding, message: "a text COPY field is not a 64-bit integer")
        let negative = raw.first == UInt8(ascii: "-")
        guard raw.count > (negative ? 1 : 0) else { throw notAnInteger }
        // Accumulated as a negative number: Int64.min has no positive counterpart.
        var value: Int64 = 0
        for byte in raw.dropFirst(negative ? 1 : 0) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw notAnInteger }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw notAnInteger }
            value = next
        }
        if negative { return value }
        guard value != Int64.min else { throw notAnInteger }
        return -value
    }

    public mutating func readInt64() throws -> Int64 {
        guard let value = try readOptionalInt64() else {
            throw PostgresError(kind: .decoding, message: "a text COPY field is NULL where an integer was expected")
        }
        return value
    }
}

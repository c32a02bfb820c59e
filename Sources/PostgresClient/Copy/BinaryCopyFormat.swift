/// PostgreSQL's binary COPY format: the header, tuples of length-prefixed big-endian fields, the trailer.
///
/// Encoding appends to a caller's `[UInt8]` (no intermediate arrays); see `BinaryCopyRow` for decoding.
///
/// ```swift
/// var bytes: [UInt8] = []
/// BinaryCopyFormat.appendHeader(to: &bytes)
/// BinaryCopyFormat.beginRow(fieldCount: 2, in: &bytes)
/// BinaryCopyFormat.append(Int64(7), to: &bytes)
/// BinaryCopyFormat.append("seven", to: &bytes)
/// BinaryCopyFormat.appendTrailer(to: &bytes)
/// ```
public enum BinaryCopyFormat {
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
    /// Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01 00:00:00 UTC.
    public static let postgresEpochOffsetMicros: Int64 = 946_684_800_000_000

    public static func appendHeader(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: signature)
        appendBigEndian(Int32(0), to: &bytes)  // flags: no OIDs
        appendBigEndian(Int32(0), to: &bytes)  // header extension length
    }

    public static func appendTrailer(to bytes: inout [UInt8]) {
        appendBigEndian(Int16(-1), to: &bytes)
    }

    public static func beginRow(fieldCount: Int, in bytes: inout [UInt8]) {
        appendBigEndian(Int16(fieldCount), to: &bytes)
    }

    public static func appendNull(to bytes: inout [UInt8]) {
        appendBigEndian(Int32(-1), to: &bytes)
    }

    /// A `bigint` field.
    public static func append(_ value: Int64, to bytes: inout [UInt8]) {
        appendBigEndian(Int32(8), to: &bytes)
        appendBigEndian(value, to: &bytes)
    }

    /// An `integer` field.
    public static func append(_ value: Int32, to bytes: inout [UInt8]) {
        appendBigEndian(Int32(4), to: &bytes)
        appendBigEndian(value, to: &bytes)
    }

    /// A `boolean` field.
    public static func append(_ value: Bool, to bytes: inout [UInt8]) {
        appendBigEndian(Int32(1), to: &bytes)
        bytes.append(value ? 1 : 0)
    }

    /// A `text` (or `varchar`, `jsonb` needs a version byte: use text format for it) field.
    public static func append(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { utf8 in
            appendBigEndian(Int32(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    /// A `double precision` field.
    public static func append(_ value: Double, to bytes: inout [UInt8]) {
        appendBigEndian(Int32(8), to: &bytes)
        appendBigEndian(value.bitPattern, to: &bytes)
    }

    /// A `timestamptz` field from microseconds since the Unix epoch.
    public static func appendTimestamp(micros: Int64, to bytes: inout [UInt8]) {
        append(micros - postgresEpochOffsetMicros, to: &bytes)
    }

    static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Returns the bytes after the file header (signature, flags, extension).
    static func skipHeader(_ bytes: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer {
        let fixed = signature.count + 8
        guard bytes.count >= fixed, bytes.prefix(signature.count).elementsEqual(signature) else {
            throw PostgresError(kind: .decoding, message: "the binary COPY stream has no valid header")
        }
        let extensionLength = Int(
            Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: signature.count + 4, as: Int32.self))
        )
        let start = fixed + extensionLength
        guard extensionLength >= 0, bytes.count >= start else {
            throw PostgresError(kind: .decoding, message: "the binary COPY header is truncated")
        }
        return UnsafeRawBufferPointer(rebasing: bytes[start...])
    }
}

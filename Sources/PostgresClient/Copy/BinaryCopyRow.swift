/// One row of a binary `COPY TO STDOUT`, read field by field in column order.
///
/// The row borrows libpq's buffer: it is valid only inside the `copyOutBinary` callback, and
/// reading it allocates nothing except for `readString`.
///
/// ```swift
/// try connection.copyOutBinary("COPY (SELECT id, name, at FROM t) TO STDOUT (FORMAT binary)") { row in
///     let id = try row.readInt64()
///     let name = try row.readOptionalString()
///     let at = try row.readTimestamp()   // µs since the Unix epoch
/// }
/// ```
public struct BinaryCopyRow: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private var offset: Int
    /// The number of fields the row holds.
    public let fieldCount: Int
    private var fieldIndex = 0

    init(bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count >= 2 else {
            throw PostgresError(kind: .decoding, message: "a binary COPY row is shorter than its field count")
        }
        self.bytes = bytes
        self.fieldCount = Int(Int16(bigEndian: bytes.loadUnaligned(as: Int16.self)))
        self.offset = 2
    }

    var isTrailer: Bool { fieldCount == -1 }

    /// The next field's raw bytes, or `nil` for `NULL`.
    public mutating func nextField() throws -> UnsafeRawBufferPointer? {
        guard fieldIndex < fieldCount else {
            throw PostgresError(kind: .decoding, message: "read past the last of \(fieldCount) fields")
        }
        guard offset + 4 <= bytes.count else { throw truncated() }
        let length = Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        offset += 4
        fieldIndex += 1
        if length < 0 { return nil }
        guard offset + length <= bytes.count else { throw truncated() }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
    }

    /// Skips the next field.
    public mutating func skip() throws {
        _ = try nextField()
    }

    public mutating func readInt64() throws -> Int64 {
        try readOptionalInt64() ?? { throw unexpectedNull() }()
    }

    public mutating func readOptionalInt64() throws -> Int64? {
        guard let field = try nextField() else { return nil }
        switch field.count {
        case 8: return Int64(bigEndian: field.loadUnaligned(as: Int64.self))
        case 4: return Int64(Int32(bigEndian: field.loadUnaligned(as: Int32.self)))
        case 2: return Int64(Int16(bigEndian: field.loadUnaligned(as: Int16.self)))
        default: throw wrongSize(field.count, expected: "an integer")
        }
    }

    public mutating func readInt32() throws -> Int32 {
        guard let value = try readOptionalInt32() else { throw unexpectedNull() }
        return value
    }

    public mutating func readOptionalInt32() throws -> Int32? {
        guard let value = try readOptionalInt64() else { return nil }
        guard let narrow = Int32(exactly: value) else { throw wrongSize(8, expected: "a 32-bit integer") }
        return narrow
    }

    public mutating func readBool() throws -> Bool {
        guard let value = try readOptionalBool() else { throw unexpectedNull() }
        return value
    }

    public mutating func readOptionalBool() throws -> Bool? {
        guard let field = try nextField() else { return nil }
        guard field.count == 1 else { throw wrongSize(field.count, expected: "a boolean") }
        return field[0] != 0
    }

    public mutating func readDouble() throws -> Double {
        guard let field = try nextField() else { throw unexpectedNull() }
        guard field.count == 8 else { throw wrongSize(field.count, expected: "a double") }
        return Double(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self)))
    }

    /// A `timestamptz` (or `timestamp`) as microseconds since the Unix epoch.
    public mutating func readTimestamp() throws -> Int64 {
        guard let value = try readOptionalTimestamp() else { throw unexpectedNull() }
        return value
    }

    public mutating func readOptionalTimestamp() throws -> Int64? {
        guard let field = try nextField() else { return nil }
        guard field.count == 8 else { throw wrongSize(field.count, expected: "a timestamp") }
        return Int64(bigEndian: field.loadUnaligned(as: Int64.self)) + BinaryCopyFormat.postgresEpochOffsetMicros
    }

    public mutating func readString() throws -> String {
        guard let value = try readOptionalString() else { throw unexpectedNull() }
        return value
    }

    public mutating func readOptionalString() throws -> String? {
        guard let field = try nextField() else { return nil }
        return String(decoding: field, as: UTF8.self)
    }

    private func truncated() -> PostgresError {
        PostgresError(kind: .decoding, message: "a binary COPY row ends inside field \(fieldIndex + 1)")
    }

    private func unexpectedNull() -> PostgresError {
        PostgresError(kind: .decoding, message: "field \(fieldIndex) is NULL where a value was expected")
    }

    private func wrongSize(_ size: Int, expected: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "field \(fieldIndex) has \(size) bytes, not \(expected)")
    }
}

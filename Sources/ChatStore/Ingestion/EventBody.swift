import ChatDomain

/// The events of one HTTP request body, split into lines and decoded, ready for
/// ``Ingester/ingest(bodies:)``.
///
/// ```swift
/// let body = try EventBody(source: "POST /v1/events #17 from 127.0.0.1:50122", bytes: bytes)
/// let outcomes = try ingester.ingest(bodies: [body])[0]
/// ```
/// A body is JSON Lines (one event a line, exactly as `chatsla ingest` reads a file: blank lines
/// skipped but counted) unless its first byte that is not white space is `[`: then it is a JSON
/// array and each element is one "line", numbered from 1. Decoding is pure, so it runs on the
/// request's own task, off the single ingesting thread.
public struct EventBody: Sendable {
    /// Stored with every rejected line of this body (`rejected_events.source`).
    public let source: String
    var input = BatchInput()
    var decoded: [Result<EventEnvelope, Rejection>] = []
    /// The SHA-256 of each event's canonical text (the ledger's key), computed here off the ingesting thread.
    var digests: [[UInt8]] = []

    /// Lines that hold an event or a rejection (blank lines excluded).
    public var count: Int { input.count }

    /// Splits and decodes `bytes`.
    ///
    /// - Parameters:
    ///   - source: the name of the request, stored with its rejected lines.
    ///   - bytes: the body as received.
    /// - Throws: ``EventBodyError`` when a JSON array body is not a well-formed array (a JSON
    ///   Lines body never throws: each bad line is a rejection).
    /// - Complexity: O(bytes).
    public init(source: String, bytes: [UInt8]) throws {
        self.source = source
        var first = 0
        while first < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[first]) { first += 1 }
        if first < bytes.count, bytes[first] == UInt8(ascii: "[") {
            try splitArray(bytes, from: first)
        } else {
            splitLines(bytes)
        }
        let decoder = EventDecoder()
        decoded.reserveCapacity(input.count)
        let input = input
        input.arena.withUnsafeBufferPointer { arena in
            for index in 0..<input.count {
                let line = UnsafeBufferPointer(rebasing: arena[input.starts[index]..<input.ends[index]])
                decoded.append(ReadAhead.storable(decoder.decode(bytes: line)))
            }
        }
        digests = ReadAhead.digests(of: decoded)
    }

    /// JSON Lines, as `LineReader` splits a file: `\n`-separated, empty lines and lone `\r` skipped.
    private mutating func splitLines(_ bytes: [UInt8]) {
        input.arena.reserveCapacity(bytes.count)
        var number = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            number += 1
            let length = end - start
            if length > 0, !(length == 1 && bytes[start] == 13) {
                input.arena.append(contentsOf: bytes[start..<end])
                input.finishLine(number: number)
            }
            start = end + 1
        }
    }

    /// A JSON array: each element's bytes (outer white space trimmed) become one line.
    ///
    /// Only the structure is checked here (strings, nesting, commas); each element is then
    /// decoded like a line, so a bad element is a rejection of that element alone.
    private mutating func splitArray(_ bytes: [UInt8], from open: Int) throws {
        input.arena.reserveCapacity(bytes.count)
        var index = open + 1
        var number = 0
        func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                skipSpace()
                let start = index
                var depth = 0
                var inString = false
                scan: while index < bytes.count {
                    let byte = bytes[index]
                    if inString {
                        if byte == UInt8(ascii: "\\") {
                            index += 1
                        } else if byte == UInt8(ascii: "\"") {
                            inString = false
                        }
                    } else {
                        switch byte {
                        case UInt8(ascii: "\""): inString = true
                        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                        case UInt8(ascii: "}"), UInt8(ascii: "]"):
                            if depth == 0 { break scan }
                            depth -= 1
                        case UInt8(ascii: ","):
                            if depth == 0 { break scan }
                        default: break
                        }
                    }
                    index += 1
                }
                guard index < bytes.count else {
                    throw EventBodyError("the JSON array of events ends before its closing ]")
                }
                var end = index
                while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
                number += 1
                guard end > start else {
                    throw EventBodyError("element \(number) of the JSON array of events is empty")
                }
                input.arena.append(contentsOf: bytes[start..<end])
                input.finishLine(number: number)
                let separator = bytes[index]
                index += 1
                if separator == UInt8(ascii: "]") { break }
                guard separator == UInt8(ascii: ",") else {
                    throw EventBodyError("element \(number) of the JSON array of events is not followed by , or ]")
                }
            }
        }
        skipSpace()
        guard index == bytes.count else {
            throw EventBodyError("the JSON array of events is followed by more bytes after its closing ]")
        }
    }
}

/// Why a request body could not be split into events at all (a JSON array that is not well formed).
public struct EventBodyError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// One rejected input line: where it was, why, and its exact bytes.
public struct RejectedLine: Sendable, Hashable {
    /// The file name (`-` for standard input).
    public var source: String
    /// 1-based line number in `source`.
    public var lineNumber: Int
    /// The event id, when the line got far enough to have one.
    public var eventID: String?
    /// The rejection code (`invalid_event`, `not_visible`, …).
    public var code: String
    /// A sentence a person understands.
    public var message: String
    /// The line as read, without its line break (possibly not UTF-8).
    public var bytes: [UInt8]

    public init(source: String, lineNumber: Int, eventID: String?, code: String, message: String, bytes: [UInt8]) {
        self.source = source
        self.lineNumber = lineNumber
        self.eventID = eventID
        self.code = code
        self.message = message
        self.bytes = bytes
    }

    /// The line as text; invalid UTF-8 sequences become U+FFFD (exact bytes: ``bytes``).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether ``bytes`` is valid UTF-8 (so ``text`` is exact).
    public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }
}

/// A rejected event: its code and a sentence a person understands.
///
/// ```swift
/// Rejection(.invalidEvent, #"field "at": "2026-01-05T10:00:00" has no time-zone offset"#)
/// ```
public struct Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: RejectionCode
    public var message: String
    /// The event's id, when the line got far enough to have one.
    public var eventID: String?

    /// Control characters in `message` (from a quoted value of the line, say a `type` holding a
    /// line break) are written as escapes (`\n`, `\u{1B}`), so a message is always one line.
    /// - Parameters:
    ///   - code: why.
    ///   - message: the sentence.
    ///   - eventID: the event's id, when the line has a usable one.
    public init(_ code: RejectionCode, _ message: String, eventID: String? = nil) {
        self.code = code
        self.message = Self.oneLine(message)
        self.eventID = eventID
    }

    /// `text` with C0 controls and DEL escaped.
    ///
    /// - Complexity: O(length); no allocation when there is nothing to escape.
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// An `invalid_event` rejection naming `field`: `field "at": <problem>`.
    public static func invalidField(_ field: String, _ problem: String) -> Rejection {
        Rejection(.invalidEvent, "field \"\(field)\": \(problem)")
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

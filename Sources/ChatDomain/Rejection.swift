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

    public init(_ code: RejectionCode, _ message: String, eventID: String? = nil) {
        self.code = code
        self.message = message
        self.eventID = eventID
    }

    /// An `invalid_event` rejection naming `field`: `field "at": <problem>`.
    public static func invalidField(_ field: String, _ problem: String) -> Rejection {
        Rejection(.invalidEvent, "field \"\(field)\": \(problem)")
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

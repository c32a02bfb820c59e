/// Decodes one JSON Lines line into an ``EventEnvelope``, strictly.
///
/// Every problem is a ``Rejection`` with code `invalid_event` and a sentence naming the field:
/// invalid UTF-8, malformed JSON, a line that is not an object or is longer than
/// ``maximumLineBytes``, a missing or ill-typed field, an unknown `type`, an `at` that is not
/// RFC 3339 with an offset (up to nine fraction digits, a whole microsecond), impossible
/// values (negative sizes and quantities, money that is not a non-negative decimal string
/// with at most two fraction digits, unknown `kind`/`status`, a malformed actor).
/// A nullable field may be omitted (it reads as `null`); members the format does not know
/// are ignored, but kept in the canonical text.
///
/// ```swift
/// let decoder = EventDecoder()
/// switch decoder.decode(line) {
/// case .success(let event): state.apply(event, seq: seq)
/// case .failure(let rejection): rejects.append(rejection)
/// }
/// ```
public struct EventDecoder: Sendable {
    /// Lines longer than this are rejected before parsing (1 MiB by default).
    public var maximumLineBytes: Int

    public init(maximumLineBytes: Int = 1 << 20) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Decodes a line given as bytes (`[UInt8]`, `ArraySlice<UInt8>`, `Data`, `Substring.UTF8View`, …),
    /// without its line break (a trailing `\r` is ignored). Contiguous storage is read in place.
    public func decode(_ line: some Collection<UInt8>) -> Result<EventEnvelope, Rejection> {
        if let result = line.withContiguousStorageIfAvailable({ decode(bytes: $0) }) { return result }
        return Array(line).withUnsafeBufferPointer { decode(bytes: $0) }
    }

    /// Decodes a line given as a string.
    public func decode(_ line: String) -> Result<EventEnvelope, Rejection> {
        var line = line
        return line.withUTF8 { decode(bytes: $0) }
    }

    /// Decodes a line in place.
    ///
    /// - Complexity: O(n) in the line's length; one validation pass, one parse, one canonical write.
    public func decode(bytes: UnsafeBufferPointer<UInt8>) -> Result<EventEnvelope, Rejection> {
        var bytes = bytes
        if let last = bytes.last, last == 0x0D { bytes = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
        guard bytes.count <= maximumLineBytes else {
            return .failure(
                Rejection(.invalidEvent, "line: \(bytes.count) bytes is longer than the limit of \(maximumLineBytes)")
            )
        }
        if let offset = firstInvalidUTF8Offset(bytes) {
            return .failure(Rejection(.invalidEvent, "line: invalid UTF-8 at byte \(offset)"))
        }
        var parser = JSONParser(bytes: bytes)
        let document: JSONValue
        do {
            document = try parser.parseDocument()
        } catch {
            return .failure(Rejection(.invalidEvent, error.message))
        }
        guard case .object(let members) = document else {
            return .failure(Rejection(.invalidEvent, "line: the event must be a JSON object, not \(document.kindName)"))
        }
        let fields = EventFields(members: members, prefix: "")
        var eventID: String?
        do throws(Rejection) {
            let id = try fields.identifier("id")
            eventID = id
            let typeName = try fields.string("type")
            guard let type = EventType(rawValue: typeName) else {
                throw Rejection.invalidField("type", "\"\(typeName)\" is not a known event type")
            }
            let at = try fields.timestamp("at")
            let payload = try Self.payload(type, fields)
            return .success(
                EventEnvelope(id: id, at: at, payload: payload, canonicalJSON: Self.canonical(members, at: at))
            )
        } catch {
            var rejection = error
            rejection.eventID = eventID
            return .failure(rejection)
        }
    }

    private static func canonical(_ members: [(key: String, value: JSONValue)], at: Int64) -> String {
        var normalized = members
        if let position = normalized.firstIndex(where: { $0.key == "at" }) {
            normalized[position].value = .string(RFC3339.format(at))
        }
        var output: [UInt8] = []
        output.reserveCapacity(256)
        JSONValue.object(normalized).writeCanonical(into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}

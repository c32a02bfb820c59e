import Foundation

/// Writes rejected lines as JSON Lines: one object per rejected input line.
///
/// ```json
/// {"source":"events.jsonl","line":12,"event_id":"e12","code":"not_visible","message":"…","original":"{…}"}
/// ```
/// `original` is the line as text. A line that is not valid UTF-8 cannot be a JSON string as is:
/// `original` then holds it with each invalid sequence replaced by U+FFFD, and
/// `original_base64` holds its exact bytes.
public final class RejectsFileWriter {
    private let handle: FileHandle

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw StoreError.rejectsFileUnwritable("cannot create the rejects file \(path)")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw StoreError.rejectsFileUnwritable("cannot open the rejects file \(path)")
        }
        self.handle = handle
    }

    /// Appends one line.
    public func write(_ line: RejectedLine) throws {
        var out = "{\"source\":"
        Self.appendJSONString(line.source, to: &out)
        out += ",\"line\":\(line.lineNumber),\"event_id\":"
        if let id = line.eventID { Self.appendJSONString(id, to: &out) } else { out += "null" }
        out += ",\"code\":"
        Self.appendJSONString(line.code, to: &out)
        out += ",\"message\":"
        Self.appendJSONString(line.message, to: &out)
        out += ",\"original\":"
        Self.appendJSONString(line.text, to: &out)
        if !line.isValidUTF8 {
            out += ",\"original_base64\":\"" + Data(line.bytes).base64EncodedString() + "\""
        }
        out += "}\n"
        try handle.write(contentsOf: Data(out.utf8))
    }

    public func close() throws { try handle.close() }

    /// Appends `value` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func appendJSONString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

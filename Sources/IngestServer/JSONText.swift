public import ChatStore
public import Hummingbird
import NIOCore

/// The JSON answers of `chatsla serve`, written directly (no reflection on the hot path).
public enum JSONText {
    /// `{"request", "accepted", "duplicate", "rejected", "results": [{"line", "id", "outcome", "code", "message"}]}`.
    ///
    /// - Complexity: O(lines + bytes of their ids and messages).
    public static func outcomes(_ outcomes: [LineOutcome], request: String) -> String {
        var accepted = 0
        var duplicate = 0
        var rejected = 0
        var results = ""
        results.reserveCapacity(outcomes.count * 64)
        for (index, outcome) in outcomes.enumerated() {
            switch outcome.kind {
            case .accepted: accepted += 1
            case .duplicate: duplicate += 1
            case .rejected: rejected += 1
            }
            if index > 0 { results += "," }
            results += "{\"line\":\(outcome.line),\"id\":"
            appendString(outcome.eventID, to: &results)
            results += ",\"outcome\":\"\(outcome.kind.rawValue)\",\"code\":"
            appendString(outcome.code, to: &results)
            results += ",\"message\":"
            appendString(outcome.message, to: &results)
            results += "}"
        }
        var text = "{\"request\":"
        appendString(request, to: &text)
        text += ",\"accepted\":\(accepted),\"duplicate\":\(duplicate),\"rejected\":\(rejected),\"results\":["
        text += results
        text += "]}\n"
        return text
    }

    /// `{"error": message}` with `status`.
    public static func errorResponse(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var text = "{\"error\":"
        appendString(message, to: &text)
        text += "}\n"
        return response(status, text)
    }

    /// A response of JSON text.
    static func response(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// Appends a JSON string literal (or `null`), escaped as the rejects file escapes it.
    static func appendString(_ value: String?, to text: inout String) {
        guard let value else {
            text += "null"
            return
        }
        RejectsFileWriter.appendJSONString(value, to: &text)
    }
}

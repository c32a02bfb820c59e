import ChatDomain
import Foundation
import Logging
import PostgresClient

/// What happened to a settings change made from the command line (`limits set`, `hours set`).
public enum SettingChangeOutcome: Sendable, Hashable {
    case accepted(effectiveAt: Int64)
    /// Rejected by the domain rules: the code (`invalid_time_limit`, `not_chat_admin`, …), the
    /// domain's message, and advice on what is allowed.
    case rejected(code: String, message: String, advice: String)
}

/// A settings event built from the command line and applied through the ingestion pipeline, so
/// it meets exactly the rules (and lands in exactly the history) of an ingested one:
/// ``TimeLimitChange`` (`limits set`) and ``BusinessHoursChange`` (`hours set`).
///
/// ```swift
/// switch try change.apply(connection: connection) {
/// case .accepted(let effectiveAt): …
/// case .rejected(let code, let message, let advice): …
/// }
/// ```
public protocol SettingChange: Sendable {
    /// The command's topic, `limits` or `hours`: the ingestion's source is `limits set`, the
    /// event ids `limits-set-…`, the logger `chatsla.limits`.
    static var topic: String { get }
    /// The event's type, `settings.time_limits`.
    static var eventType: String { get }
    /// The admin or chat admin making the change (user id).
    var by: String { get }
    /// The channel's source id; `nil` for the default of all channels.
    var channel: String? { get }
    /// µs since the Unix epoch; the instant the setting takes effect.
    var at: Int64 { get }
    /// The event's members besides `id`, `type`, `at`, `by` and `channel`.
    var fields: [String: Any] { get }
    /// What is allowed, in the administrator's terms, for a rejection's code.
    func advice(code: String) -> String
}

extension SettingChange {
    /// Now, in µs since the Unix epoch: when a change takes effect unless told otherwise.
    static var now: Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    /// The event line, keys sorted: `{"at": …, "by": {"user": …}, "channel": …, "id": "limits-set-…", …}`.
    /// - Parameter id: the event's id; a fresh `<topic>-set-<uuid>` when `nil`.
    /// - Returns: the line without its newline.
    /// - Throws: what `JSONSerialization` throws.
    public func eventLine(id: String? = nil) throws -> String {
        var object: [String: Any] = [
            "id": id ?? "\(Self.topic)-set-\(UUID().uuidString.lowercased())",
            "type": Self.eventType,
            "at": RFC3339.format(at),
            "by": ["user": by],
            "channel": channel ?? NSNull(),
        ]
        object.merge(fields) { _, field in field }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Applies the change through ``Ingester`` (one line, one transaction).
    /// - Parameters:
    ///   - connection: the database.
    ///   - logger: the ingester's logger; `chatsla.<topic>` when `nil`.
    /// - Returns: the instant it took effect, or the rejection's code, message and advice.
    /// - Throws: `StoreError` (another ingestion holds the lock), `PostgresError`, I/O errors.
    public func apply(connection: PostgresConnection, logger: Logger? = nil) throws -> SettingChangeOutcome {
        let line = try eventLine() + "\n"
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw StoreError.pipeFailed("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptors[0]) }
        let bytes = Array(line.utf8)
        // One short line fits in the pipe's buffer, so writing before reading cannot block.
        let written = bytes.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        guard written == bytes.count else { throw StoreError.pipeFailed("cannot write the event to the pipe") }
        let ingester = try Ingester(
            connection: connection,
            logger: logger ?? Logger(label: "chatsla.\(Self.topic)"),
            batchSize: 1
        )
        var rejection: RejectedLine?
        let summary = try ingester.ingest(
            source: "\(Self.topic) set",
            descriptor: descriptors[0],
            rejects: { rejection = $0 }
        )
        if let rejection {
            return .rejected(code: rejection.code, message: rejection.message, advice: advice(code: rejection.code))
        }
        guard summary.accepted == 1 else {
            throw StoreError.invariantBroken("the setting was neither accepted nor rejected: \(summary)")
        }
        return .accepted(effectiveAt: at)
    }
}

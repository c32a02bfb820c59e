import ChatDomain
import Foundation
import Logging
import PostgresClient

/// `chatsla limits set`: a `settings.time_limits` event built from the command line and applied
/// through the ingestion pipeline, so it meets exactly the rules (and lands in exactly the
/// history) of an ingested one.
///
/// ```swift
/// let change = TimeLimitChange(by: "a1", channel: "tg", warningSeconds: 300, processingSeconds: 600)
/// switch try change.apply(connection: connection) { … }
/// ```
public struct TimeLimitChange: SettingChange, Hashable {
    public static let topic = "limits"
    public static let eventType = "settings.time_limits"

    public var by: String
    public var channel: String?
    public var warningSeconds: Int64?
    public var processingSeconds: Int64?
    /// µs since the Unix epoch; the instant the setting takes effect.
    public var at: Int64

    public init(by: String, channel: String?, warningSeconds: Int64?, processingSeconds: Int64?, at: Int64? = nil) {
        self.by = by
        self.channel = channel
        self.warningSeconds = warningSeconds
        self.processingSeconds = processingSeconds
        self.at = at ?? Self.now
    }

    /// `warning_s` and `processing_s` (`null` when absent).
    public var fields: [String: Any] {
        ["warning_s": warningSeconds ?? NSNull(), "processing_s": processingSeconds ?? NSNull()]
    }

    /// What is wrong and what is allowed, in the administrator's units.
    public func advice(code: String) -> String {
        switch code {
        case RejectionCode.notChatAdmin.rawValue:
            return "only an admin or a chat admin can change time limits; \(by) is neither (use --by with such a user)"
        case RejectionCode.invalidTimeLimit.rawValue:
            return Self.problems(warning: warningSeconds, processing: processingSeconds).joined(separator: "; ")
        default:
            return ""
        }
    }

    /// Every problem of SPEC §1 with these values, each with what would be allowed.
    public static func problems(warning: Int64?, processing: Int64?) -> [String] {
        var problems: [String] = []
        guard let processing else { return ["processing is required (e.g. --processing 10m)"] }
        for (name, value) in [("processing", processing), ("warning", warning)] {
            guard let value else { continue }
            if value > DomainState.maximumSettingSeconds {
                problems.append(
                    "\(name) \(DurationText.text(value)) is longer than the longest limit, "
                        + "\(DurationText.text(DomainState.maximumSettingSeconds / 30 * 30))"
                )
            } else if value < 30 {
                problems.append(
                    "\(name) \(DurationText.text(value)) is below the minimum of 30 seconds; use 30s or more"
                )
            } else if value % 30 != 0 {
                let lower = value / 30 * 30
                problems.append(
                    "\(name) \(DurationText.text(value)) is not a multiple of 30 seconds; use "
                        + "\(DurationText.text(lower)) or \(DurationText.text(lower + 30))"
                )
            }
        }
        if let warning, warning >= processing {
            let most = max(30, (processing - 1) / 30 * 30)
            problems.append(
                "warning \(DurationText.text(warning)) must be shorter than processing \(DurationText.text(processing)); "
                    + (processing > 30
                        ? "use a warning of at most \(DurationText.text(most)), or no warning"
                        : "use a longer processing limit, or no warning")
            )
        }
        return problems
    }
}

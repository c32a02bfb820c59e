import ArgumentParser
import ChatDomain
import ChatStore
import Foundation
import Reports
import SLAAnalytics

/// `chatsla limits show | set`: the per-channel time limits, read and changed by an admin.
struct Limits: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or set the time limits (warning and processing) per channel and the default.",
        subcommands: [Show.self, SetLimits.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The limits in effect per channel and the default, when each took effect and who set it."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, csv, json
        }

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The RFC 3339 instant to show the limits at (default: now).")
        var at: String?

        @Option(help: "table, csv or json.")
        var format: Format = .table

        func validate() throws { try SettingsCommand.validate(at: at) }

        func run() throws {
            let instant = SettingsCommand.instant(at: at)
            let rows = try SettingsCommand.connected(database) {
                try TimeLimitsReader(connection: $0).inEffect(at: instant)
            }
            let header = ["channel", "name", "warning_s", "processing_s", "source", "effective_at", "set_by"]
            let table = rows.map { row -> [String] in
                [
                    row.channel ?? "(default)", row.channelName, row.setting?.warningSeconds.map(String.init) ?? "",
                    row.setting.map { String($0.processingSeconds) } ?? "",
                    row.source, row.setting.map { RFC3339.format($0.effectiveAt) } ?? "", row.setting?.setBy ?? "",
                ]
            }
            switch format {
            case .table:
                let display = table.map { cells in
                    [cells[0], cells[1], durationCell(cells[2]), durationCell(cells[3])] + cells[4...]
                }
                printTable(["channel", "name", "warning", "processing", "source", "effective_at", "set_by"], display)
            case .csv:
                var document = Reports.CSVDocument(header: header, columnKinds: [.text, .text, .figure, .figure])
                for cells in table { document.append(cells) }
                print(document.text, terminator: "")
            case .json:
                let objects = rows.map { row -> [String: Any] in
                    [
                        "channel": row.channel ?? NSNull(), "name": row.channelName,
                        "warning_s": row.setting?.warningSeconds ?? NSNull(),
                        "processing_s": row.setting?.processingSeconds ?? NSNull(),
                        "source": row.source,
                        "effective_at": row.setting.map { RFC3339.format($0.effectiveAt) } ?? NSNull(),
                        "set_by": row.setting?.setBy ?? NSNull(),
                    ]
                }
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
            }
        }

        private func durationCell(_ seconds: String) -> String {
            Int64(seconds).map(DurationText.text) ?? "—"
        }
    }

    struct SetLimits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set the limits of a channel (or the default) through the same rules as an ingested event.",
            discussion: """
                Durations: 90s, 5m, 1h30m, or plain seconds. Each must be at least 30 s and a multiple of 30 s; \
                the warning must be shorter than processing; only an admin or chat admin may set them. A rejected \
                change leaves the history as it was and exits with status 3.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The admin or chat admin making the change (user id).")
        var by: String

        @Option(help: "The channel id; without it, the default for all channels.")
        var channel: String?

        @Option(help: "Time for processing the dialog (overdue), e.g. 10m.")
        var processing: String

        @Option(help: "Warning time, e.g. 5m (optional).")
        var warning: String?

        func validate() throws {
            guard DurationText.seconds(processing) != nil else {
                throw ValidationError("--processing \(processing) is not a duration like 90s, 5m, 1h30m or 600")
            }
            if let warning, DurationText.seconds(warning) == nil {
                throw ValidationError("--warning \(warning) is not a duration like 90s, 5m, 1h30m or 300")
            }
        }

        func run() throws {
            let change = TimeLimitChange(
                by: by,
                channel: channel,
                warningSeconds: warning.flatMap(DurationText.seconds),
                processingSeconds: DurationText.seconds(processing)
            )
            let outcome = try SettingsCommand.connected(database) { try change.apply(connection: $0) }
            switch outcome {
            case .accepted(let effectiveAt):
                print(
                    "limits set for \(channel ?? "the default"): "
                        + TuneDocumentText.limits(change.warningSeconds, change.processingSeconds)
                        + ", in effect from \(RFC3339.format(effectiveAt))"
                )
            case .rejected(let code, let message, let advice):
                throw fail("rejected (\(code)): \(advice.isEmpty ? message : advice) [\(message)]", code: 3)
            }
        }
    }
}

/// Shared spelling of limits on the terminal.
enum TuneDocumentText {
    static func limits(_ warning: Int64?, _ processing: Int64?) -> String {
        Reports.TuneDocument.limits(warning, processing)
    }
}

import ArgumentParser
import ChatDomain
import ChatStore
import Foundation
import Reports

/// `chatsla hours show | set` **[ext]**: business hours per channel and the default, read and
/// changed by an admin through the same rules as `settings.business_hours`.
struct Hours: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or set the business hours (the SLA clock's working time) per channel and the default.",
        subcommands: [Show.self, SetHours.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The business hours in effect per channel and the default, when each took effect and who set it."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The RFC 3339 instant to show the business hours at (default: now).")
        var at: String?

        func validate() throws { try SettingsCommand.validate(at: at) }

        func run() throws {
            let instant = SettingsCommand.instant(at: at)
            let rows = try SettingsCommand.connected(database) {
                try BusinessHoursReader(connection: $0).inEffect(at: instant)
            }
            let table = rows.map { row -> [String] in
                let hours = row.setting?.hours
                return [
                    row.channel ?? "(default)", row.channelName, hours?.timeZone ?? "",
                    hours.map(\.weekText) ?? "round the clock", hours?.holidays.joined(separator: ",") ?? "",
                    row.source, row.setting.map { RFC3339.format($0.effectiveAt) } ?? "", row.setting?.setBy ?? "",
                ]
            }
            printTable(["channel", "name", "tz", "week", "holidays", "source", "effective_at", "set_by"], table)
        }
    }

    struct SetHours: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract:
                "Set the business hours of a channel (or the default) through the same rules as an ingested event.",
            discussion: """
                --week 'mon-fri 09:00-18:00; sat 10:00-14:00': groups separated by ';', days as mon … sun, a range \
                (mon-fri) or a list (mon,wed), intervals HH:MM-HH:MM separated by ',' (24:00 ends a day); days left \
                out have no working time. --tz is an IANA zone; --holiday a local date YYYY-MM-DD (repeatable), a \
                whole day off. --none runs the clock round the clock (for a channel: whatever the default says). \
                Only an admin or chat admin may change them; a rejected change leaves the history as it was and \
                exits with status 3.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The admin or chat admin making the change (user id).")
        var by: String

        @Option(help: "The channel id; without it, the default for all channels.")
        var channel: String?

        @Option(help: "Weekly working intervals, e.g. 'mon-fri 09:00-18:00; sat 10:00-14:00'.")
        var week: String?

        @Option(help: "The schedule's IANA time zone, e.g. Europe/Kyiv.")
        var tz: String?

        @Option(parsing: .upToNextOption, help: "Holidays, local dates YYYY-MM-DD (whole days off).")
        var holiday: [String] = []

        @Flag(help: "Round the clock: no business hours from now on.")
        var none = false

        func validate() throws {
            if none {
                guard week == nil, tz == nil, holiday.isEmpty else {
                    throw ValidationError("--none takes no --week, --tz or --holiday")
                }
                return
            }
            guard let week, tz != nil else {
                throw ValidationError(
                    "give --week and --tz (e.g. --week 'mon-fri 09:00-18:00' --tz Europe/Kyiv), or --none"
                )
            }
            do {
                _ = try BusinessHoursChange.week(parsing: week)
            } catch {
                throw ValidationError("--week: \(error)")
            }
        }

        func run() throws {
            var schedule: BusinessHoursChange.Schedule?
            if !none, let week, let tz {
                do {
                    schedule = .init(zone: tz, week: try BusinessHoursChange.week(parsing: week), holidays: holiday)
                } catch {
                    throw fail("--week: \(error)")
                }
            }
            let change = BusinessHoursChange(by: by, channel: channel, schedule: schedule)
            let outcome = try SettingsCommand.connected(database) { try change.apply(connection: $0) }
            switch outcome {
            case .accepted(let effectiveAt):
                let what =
                    if let week, let tz, !none {
                        "\(tz) \(week)" + (holiday.isEmpty ? "" : ", holidays \(holiday.joined(separator: ", "))")
                    } else {
                        "round the clock"
                    }
                print(
                    "business hours set for \(channel ?? "the default"): \(what), in effect from \(RFC3339.format(effectiveAt))"
                )
            case .rejected(let code, let message, let advice):
                throw fail("rejected (\(code)): \(advice.isEmpty ? message : advice + " [\(message)]")", code: 3)
            }
        }
    }
}

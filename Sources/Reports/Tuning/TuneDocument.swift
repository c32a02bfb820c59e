import ChatDomain
import SLAAnalytics

/// The files `chatsla tune` writes: `tune.csv` (one row per proposal and channel) and
/// `tune.html` (one self-contained page: inline CSS, no script, every data string escaped).
///
/// ```swift
/// let files = TuneDocument(title: "…", period: "…", comparisons: comparisons, commands: commands).files()
/// try ReportWriter().write(files: files, to: URL(fileURLWithPath: "reports/tune"))
/// ```
public struct TuneDocument: Sendable {
    public static let csvFileName = "tune.csv"
    public static let pageFileName = "tune.html"

    public var title: String
    /// Period, time zone and as-of, as one line of text.
    public var period: String
    /// Further lines shown under the title (targets, policy, channel filter).
    public var notes: [String]
    public var comparisons: [TuneComparison]
    /// The `chatsla limits set …` commands that would apply the proposals.
    public var commands: [String]

    public init(title: String, period: String, notes: [String], comparisons: [TuneComparison], commands: [String]) {
        self.title = title
        self.period = period
        self.notes = notes
        self.comparisons = comparisons
        self.commands = commands
    }

    /// `tune.csv`: RFC 4180, CRLF, rows in proposal then channel order.
    public var csv: CSVDocument {
        var document = CSVDocument(
            header: TuneChannelRow.header,
            columnKinds: [.text, .text] + Array(repeating: .figure, count: TuneChannelRow.header.count - 2)
        )
        for comparison in comparisons {
            for row in comparison.channels { document.append(row.cells) }
        }
        return document
    }

    /// Both files, CSV first.
    public func files() -> [(name: String, bytes: [UInt8])] {
        [(name: Self.csvFileName, bytes: csv.bytes), (name: Self.pageFileName, bytes: Array(page().utf8))]
    }

    /// The HTML page.
    /// - Complexity: O(rows).
    public func page() -> String {
        let e = HTMLText.escaped
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;margin:0 auto;max-width:1100px;padding:16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}h3{font-size:15px;margin:16px 0 6px}
            .muted{color:#667085}.scroll{overflow-x:auto}
            table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
            th,td{padding:4px 8px;border-bottom:1px solid #e4e7ec;text-align:left;white-space:nowrap}
            th{font-weight:600;background:#f7f8fa}.num{text-align:right}
            .better{color:#067647}.worse{color:#b42318}
            pre{background:#f7f8fa;padding:8px;overflow-x:auto;white-space:pre-wrap}
            @media print{.scroll{overflow:visible}}
            </style></head><body>
            <h1>\(e(title))</h1>
            <p class="muted">\(e(period))</p>

            """
        for note in notes { html += "<p>\(e(note))</p>\n" }
        for comparison in comparisons {
            html += "<section><h2>\(e(comparison.label))</h2>\n<div class=\"scroll\"><table>\n<thead><tr>"
            for heading in [
                "Channel", "Current limits", "Proposed limits", "Episodes", "Warning now", "Warning proposed", "Δ",
                "Overdue now", "Overdue proposed", "Δ",
            ] {
                html +=
                    "<th\(heading == "Channel" || heading.hasSuffix("limits") ? "" : " class=\"num\"")>\(e(heading))</th>"
            }
            html += "</tr></thead><tbody>\n"
            for row in comparison.channels {
                html += "<tr><td>\(e(row.channel))</td>"
                html += "<td>\(e(Self.limits(row.currentWarningSeconds, row.currentProcessingSeconds)))</td>"
                html += "<td>\(e(Self.limits(row.proposedWarningSeconds, row.proposedProcessingSeconds)))</td>"
                html += "<td class=\"num\">\(row.episodes)</td>"
                html += "<td class=\"num\">\(e(Self.countAndRate(row.warningNow, row.warningRateNow)))</td>"
                html += "<td class=\"num\">\(e(Self.countAndRate(row.warningProposed, row.warningRateProposed)))</td>"
                html += Self.differenceCell(row.warningProposed - row.warningNow)
                html += "<td class=\"num\">\(e(Self.countAndRate(row.overdueNow, row.overdueRateNow)))</td>"
                html += "<td class=\"num\">\(e(Self.countAndRate(row.overdueProposed, row.overdueRateProposed)))</td>"
                html += Self.differenceCell(row.overdueProposed - row.overdueNow) + "</tr>\n"
            }
            html += "</tbody></table></div>\n"
            html += "<h3>Breaches that appear or disappear, by manager</h3>\n"
            if comparison.managers.isEmpty {
                html += "<p class=\"muted\">No episode changes level.</p>\n"
            } else {
                html += "<div class=\"scroll\"><table><thead><tr><th>Manager</th><th>Level</th>"
                html += "<th class=\"num\">Appear</th><th class=\"num\">Disappear</th></tr></thead><tbody>\n"
                for change in comparison.managers {
                    html += "<tr><td>\(e(change.manager))</td><td>\(e(change.level.rawValue))</td>"
                    html += "<td class=\"num\">\(change.appear)</td><td class=\"num\">\(change.disappear)</td></tr>\n"
                }
                html += "</tbody></table></div>\n"
            }
            html += "</section>\n"
        }
        html += "<section><h2>To apply</h2>\n<p>Tuning never changes the settings. These commands would:</p>\n<pre>"
        html += commands.map(e).joined(separator: "\n")
        html += "</pre></section>\n</body></html>\n"
        return html
    }

    /// `warning 5m · processing 10m`, `processing 10m`, or `none`.
    public static func limits(_ warning: Int64?, _ processing: Int64?) -> String {
        guard let processing else { return "none" }
        let processingText = "processing " + DurationText.text(processing)
        guard let warning else { return processingText }
        return "warning \(DurationText.text(warning)) · " + processingText
    }

    static func countAndRate(_ count: Int, _ rate: Rate?) -> String {
        "\(count) (\(DisplayFormat.percent(rate)))"
    }

    static func differenceCell(_ difference: Int) -> String {
        let style = difference < 0 ? " better" : difference > 0 ? " worse" : ""
        return "<td class=\"num\(style)\">\(TuneChannelRow.signed(difference))</td>"
    }
}

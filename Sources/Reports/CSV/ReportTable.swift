import SLAAnalytics

/// One of the five CSV files of a report (§5): its file name and its encoded document.
///
/// ```swift
/// for table in ReportTable.all(of: report) {
///     try table.document.bytes.write(to: folder.appending(path: table.fileName))
/// }
/// ```
///
/// The column kinds (which columns are data text, neutralised against formula injection) are
/// fixed here, per file: ids, names and responsibles are ``CSVColumnKind/text``; counts,
/// durations, rates, money, dates, timestamps, levels and outcomes are ``CSVColumnKind/figure``.
public struct ReportTable: Sendable, Hashable {
    /// `channels.csv`, `breaches.csv`, …
    public let fileName: String
    public let document: CSVDocument

    public init(fileName: String, document: CSVDocument) {
        self.fileName = fileName
        self.document = document
    }

    /// The five files in the order §5 lists them, rows in the report's order.
    /// - Complexity: O(total cells).
    public static func all(of report: SLAReport) -> [ReportTable] {
        [
            table("channels.csv", ChannelRow.header, text: ["channel"], rows: report.channels.map(\.cells)),
            table(
                "breaches.csv",
                BreachRow.header,
                text: ["dialog", "channel", "responsible_at_crossing"],
                rows: report.breaches.map(\.cells)
            ),
            table("managers.csv", ManagerRow.header, text: ["user", "name"], rows: report.managers.map(\.cells)),
            table(
                "orders.csv",
                OrderConversionRow.header,
                text: ["channel", "store", "user"],
                rows: report.orders.map(\.cells)
            ),
            table("daily.csv", DailyRow.header, text: ["channel"], rows: report.daily.map(\.cells)),
        ]
    }

    private static func table(_ name: String, _ header: [String], text: Set<String>, rows: [[String]]) -> ReportTable {
        var document = CSVDocument(header: header, columnKinds: header.map { text.contains($0) ? .text : .figure })
        for row in rows { document.append(row) }
        return ReportTable(fileName: name, document: document)
    }
}

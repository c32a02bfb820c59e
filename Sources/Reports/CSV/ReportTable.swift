import SLAAnalytics

/// One of the five CSV files of a report (§5): its file name, columns and rows, encoded when
/// written.
///
/// ```swift
/// for table in ReportTable.all(of: report) {
///     try table.encode { chunk in try handle.write(contentsOf: chunk) }
/// }
/// ```
///
/// The column kinds (which columns are data text, neutralised against formula injection) are
/// fixed here, per file: ids, names and responsibles are ``CSVColumnKind/text``; counts,
/// durations, rates, money, dates, timestamps, levels and outcomes are ``CSVColumnKind/figure``.
public struct ReportTable: Sendable {
    /// `channels.csv`, `breaches.csv`, …
    public let fileName: String
    public let header: [String]
    public let columnKinds: [CSVColumnKind]
    /// Rows in file order.
    public let rowCount: Int
    /// The cells of row `index`, built when the row is written (the report holds the typed rows;
    /// their text exists only one chunk at a time).
    private let cells: @Sendable (Int) -> [String]

    init(fileName: String, header: [String], text: Set<String>, rowCount: Int, cells: @escaping @Sendable (Int) -> [String]) {
        self.fileName = fileName
        self.header = header
        columnKinds = header.map { text.contains($0) ? .text : .figure }
        self.rowCount = rowCount
        self.cells = cells
    }

    /// The five files in the order §5 lists them, rows in the report's order.
    /// - Complexity: O(1); the rows are encoded when written.
    public static func all(of report: SLAReport) -> [ReportTable] {
        [
            table("channels.csv", ChannelRow.header, text: ["channel"], report.channels, \.cells),
            table(
                "breaches.csv",
                BreachRow.header,
                text: ["dialog", "channel", "responsible_at_crossing"],
                report.breaches,
                \.cells
            ),
            table("managers.csv", ManagerRow.header, text: ["user", "name"], report.managers, \.cells),
            table("orders.csv", OrderConversionRow.header, text: ["channel", "store", "user"], report.orders, \.cells),
            table("daily.csv", DailyRow.header, text: ["channel"], report.daily, \.cells),
        ]
    }

    private static func table<Row: Sendable>(
        _ name: String,
        _ header: [String],
        text: Set<String>,
        _ rows: [Row],
        _ cells: @escaping @Sendable (Row) -> [String]
    ) -> ReportTable {
        ReportTable(fileName: name, header: header, text: text, rowCount: rows.count) { cells(rows[$0]) }
    }

    /// The whole file as one document (for small files and tests).
    /// - Complexity: O(total cells); memory O(bytes of the file).
    public var document: CSVDocument {
        var document = CSVDocument(header: header, columnKinds: columnKinds)
        for index in 0..<rowCount { document.append(cells(index)) }
        return document
    }

    /// Encodes the file and hands its bytes to `write` in chunks of about `chunkSize` bytes, in
    /// order; the same bytes as ``document``.
    /// - Complexity: O(total cells); memory O(`chunkSize` + one row).
    public func encode(chunkSize: Int = 1 << 20, _ write: ([UInt8]) throws -> Void) rethrows {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkSize + 4096)
        CSVDocument.appendLine(header, kinds: nil, into: &buffer)
        for index in 0..<rowCount {
            CSVDocument.appendLine(cells(index), kinds: columnKinds, into: &buffer)
            if buffer.count >= chunkSize {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
    }
}

import Dispatch
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
    /// Appends the encoded line of row `index` (CRLF included), built when the row is written
    /// (the report holds the typed rows; their text exists only one chunk at a time).
    private let line: @Sendable (Int, inout [UInt8]) -> Void

    init(
        fileName: String,
        header: [String],
        text: Set<String>,
        rowCount: Int,
        cells: @escaping @Sendable (Int) -> [String]
    ) {
        let columnKinds = header.map { text.contains($0) ? CSVColumnKind.text : .figure }
        self.init(fileName: fileName, header: header, columnKinds: columnKinds, rowCount: rowCount) { index, buffer in
            CSVDocument.appendLine(cells(index), kinds: columnKinds, into: &buffer)
        }
    }

    private init(
        fileName: String,
        header: [String],
        columnKinds: [CSVColumnKind],
        rowCount: Int,
        line: @escaping @Sendable (Int, inout [UInt8]) -> Void
    ) {
        self.fileName = fileName
        self.header = header
        self.columnKinds = columnKinds
        self.rowCount = rowCount
        self.line = line
    }

    /// The five files in the order §5 lists them, rows in the report's order.
    /// - Complexity: O(1); the rows are encoded when written.
    public static func all(of report: SLAReport) -> [ReportTable] {
        [
            table("channels.csv", ChannelRow.header, text: ["channel"], report.channels, \.cells),
            breaches(report.breaches),
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

    /// `breaches.csv`, the largest file (a row per breached episode): each line is encoded straight
    /// from the row's fields, the same bytes as its ``BreachRow/cells`` through ``CSVDocument``
    /// (a test holds the two together).
    static func breaches(_ rows: [BreachRow]) -> ReportTable {
        let text: Set<String> = ["dialog", "channel", "responsible_at_crossing"]
        let columnKinds = BreachRow.header.map { text.contains($0) ? CSVColumnKind.text : .figure }
        return ReportTable(
            fileName: "breaches.csv",
            header: BreachRow.header,
            columnKinds: columnKinds,
            rowCount: rows.count
        ) { index, buffer in
            appendBreachLine(rows[index], into: &buffer)
        }
    }

    /// One `breaches.csv` line: ids and the responsible as text cells (quoted, neutralised),
    /// the level, timestamps, outcome and wait as figures (ASCII that never needs quotes).
    static func appendBreachLine(_ row: BreachRow, into buffer: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        CSVDocument.appendCell(row.dialog, neutralise: true, into: &buffer)
        buffer.append(comma)
        CSVDocument.appendCell(row.channel, neutralise: true, into: &buffer)
        buffer.append(comma)
        buffer.append(contentsOf: row.level.rawValue.utf8)
        buffer.append(comma)
        row.episodeStartedAt.appendText(to: &buffer)
        buffer.append(comma)
        row.crossedAt.appendText(to: &buffer)
        buffer.append(comma)
        row.endedAt?.appendText(to: &buffer)
        buffer.append(comma)
        buffer.append(contentsOf: row.outcome.rawValue.utf8)
        buffer.append(comma)
        row.wait.appendText(to: &buffer)
        buffer.append(comma)
        CSVDocument.appendCell(row.responsibleAtCrossing, neutralise: true, into: &buffer)
        buffer.append(UInt8(ascii: "\r"))
        buffer.append(UInt8(ascii: "\n"))
    }

    /// The whole file as one document (for small files and tests).
    /// - Complexity: O(total cells); memory O(bytes of the file).
    public var document: CSVDocument {
        var document = CSVDocument(header: header, columnKinds: columnKinds)
        var bytes: [UInt8] = []
        for index in 0..<rowCount { line(index, &bytes) }
        document.appendEncoded(bytes)
        return document
    }

    /// Encodes the file and hands its bytes to `write` in chunks of about `chunkSize` bytes, in
    /// order; the same bytes as ``document``.
    ///
    /// A table of more than two blocks of `blockRows` rows (`breaches.csv` of a big period) is
    /// encoded two blocks at a time on two threads, each into its own buffer, and written in
    /// order; `write` is called on the caller's thread only.
    /// - Complexity: O(total cells); memory O(`chunkSize` + one row), or two blocks' bytes.
    public func encode(
        chunkSize: Int = 1 << 20,
        blockRows: Int = 8192,
        _ write: ([UInt8]) throws -> Void
    ) rethrows {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkSize + 4096)
        CSVDocument.appendLine(header, kinds: nil, into: &buffer)
        guard rowCount > 2 * blockRows, blockRows > 0 else {
            for index in 0..<rowCount {
                line(index, &buffer)
                if buffer.count >= chunkSize {
                    try write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try write(buffer) }
            return
        }
        try write(buffer)
        let blocks = BlockBuffers()
        let line = self.line
        let rowCount = self.rowCount
        var start = 0
        while start < rowCount {
            let first = start
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                let lower = Swift.min(rowCount, first + part * blockRows)
                let upper = Swift.min(rowCount, lower + blockRows)
                blocks.fill(part) { bytes in
                    for index in lower..<upper { line(index, &bytes) }
                }
            }
            for part in 0..<2 { try blocks.read(part, write) }
            start += 2 * blockRows
        }
    }
}

/// The two buffers of a parallel encoding round: each filled by one thread of
/// `concurrentPerform`, read by the caller after the round.
private final class BlockBuffers: @unchecked Sendable {
    /// Separate storage per part, so the two threads never access the same variable.
    private let buffers: UnsafeMutablePointer<[UInt8]>

    init() {
        buffers = .allocate(capacity: 2)
        buffers.initialize(repeating: [], count: 2)
    }

    deinit {
        buffers.deinitialize(count: 2)
        buffers.deallocate()
    }

    /// Empties buffer `part` (keeping its capacity) and appends to it.
    func fill(_ part: Int, _ body: (inout [UInt8]) -> Void) {
        buffers[part].removeAll(keepingCapacity: true)
        body(&buffers[part])
    }

    /// Hands buffer `part` to `body` unless it is empty (the last round's second block).
    func read(_ part: Int, _ body: ([UInt8]) throws -> Void) rethrows {
        if !buffers[part].isEmpty { try body(buffers[part]) }
    }
}

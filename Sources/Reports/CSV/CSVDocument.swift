/// One CSV file as RFC 4180 text: a header row, then the rows, every line ending with CRLF.
///
/// ```swift
/// let document = CSVDocument(header: ["user", "revenue"], columnKinds: [.text, .figure])
/// document.append(["=HYPERLINK(\"x\")", "-3.00"])
/// document.text   // "user,revenue\r\n\"'=HYPERLINK(\"\"x\"\")\",-3.00\r\n"
/// ```
///
/// - A cell is quoted only when it contains `"`, `,`, CR or LF; inner quotes are doubled.
/// - A cell of a ``CSVColumnKind/text`` column beginning with `=`, `+`, `-`, `@`, tab or CR gets a
///   leading apostrophe, as OWASP advises against CSV injection; figure columns are left alone.
/// - The bytes are UTF-8 without a byte-order mark.
///
/// Written by hand rather than with a package: of the mirrored CSV libraries, SwiftCSV 0.10.0
/// serialises with LF and does not quote cells holding CR or LF, and CSV.swift 2.5.2 writes the
/// line break *before* each row after the first (the last line has no CRLF) one byte at a time
/// through an `OutputStream`. The rule set above is a dozen lines, and the golden tests pin it.
public struct CSVDocument: Sendable, Hashable {
    /// The column names, in order.
    public let header: [String]
    /// One kind per column.
    public let columnKinds: [CSVColumnKind]
    /// The file's bytes so far, header included: UTF-8, no byte-order mark.
    public private(set) var bytes: [UInt8] = []

    /// Starts a document with its header row.
    /// - Parameters:
    ///   - header: The column names (written as they are, quoted when needed).
    ///   - columnKinds: One kind per column; missing kinds count as ``CSVColumnKind/text``.
    public init(header: [String], columnKinds: [CSVColumnKind]) {
        self.header = header
        self.columnKinds = columnKinds
        Self.appendLine(header, kinds: nil, into: &bytes)
    }

    /// Appends one row; cells beyond the header's width are written too.
    public mutating func append(_ cells: [String]) {
        Self.appendLine(cells, kinds: columnKinds, into: &bytes)
    }

    /// Appends lines already encoded by the rules above (``ReportTable``'s row encoders).
    mutating func appendEncoded(_ lines: [UInt8]) {
        bytes += lines
    }

    /// The encoded text so far, header included.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one encoded line (CRLF included) to `buffer`. With `kinds` nil (the header) no
    /// cell is neutralised; otherwise a cell beyond `kinds` counts as text.
    /// - Complexity: O(bytes of the cells).
    static func appendLine(_ cells: [String], kinds: [CSVColumnKind]?, into buffer: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            let neutralise = kinds.map { index < $0.count ? $0[index] == .text : true } ?? false
            appendCell(cell, neutralise: neutralise, into: &buffer)
        }
        buffer.append(UInt8(ascii: "\r"))
        buffer.append(UInt8(ascii: "\n"))
    }

    /// One cell: `'` before text a spreadsheet would read as a formula (when `neutralise`), and
    /// RFC 4180 quotes around a cell holding a quote, comma, CR or LF, inner quotes doubled.
    ///
    /// Works on UTF-8 bytes: those four characters and the formula leaders are ASCII, and no byte
    /// of a multi-byte UTF-8 sequence is ASCII.
    static func appendCell(_ cell: String, neutralise: Bool, into buffer: inout [UInt8]) {
        var cell = cell
        cell.withUTF8 { utf8 in
            let apostrophe = neutralise && utf8.first.map(isFormulaLeader) == true
            let needsQuotes = utf8.contains { $0 == quote || $0 == comma || $0 == cr || $0 == lf }
            if needsQuotes { buffer.append(quote) }
            if apostrophe { buffer.append(UInt8(ascii: "'")) }
            if needsQuotes {
                for byte in utf8 {
                    if byte == quote { buffer.append(quote) }
                    buffer.append(byte)
                }
                buffer.append(quote)
            } else {
                buffer.append(contentsOf: utf8)
            }
        }
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private static func isFormulaLeader(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), cr: true
        default: false
        }
    }

    /// Prefixes `'` to text a spreadsheet would read as a formula.
    /// - Complexity: O(1); looks at the first Unicode scalar only.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first, isFormulaLeader(first) else { return cell }
        return "'" + cell
    }
}

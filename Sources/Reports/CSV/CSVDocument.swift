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
    /// The encoded text so far, header included.
    public private(set) var text: String

    /// Starts a document with its header row.
    /// - Parameters:
    ///   - header: The column names (written as they are, quoted when needed).
    ///   - columnKinds: One kind per column; missing kinds count as ``CSVColumnKind/text``.
    public init(header: [String], columnKinds: [CSVColumnKind]) {
        self.header = header
        self.columnKinds = columnKinds
        text = ""
        appendLine(header.map(Self.quotedIfNeeded))
    }

    /// Appends one row; cells beyond the header's width are written too.
    public mutating func append(_ cells: [String]) {
        let encoded = cells.enumerated().map { index, cell in
            let kind = index < columnKinds.count ? columnKinds[index] : .text
            return Self.quotedIfNeeded(kind == .text ? Self.neutralised(cell) : cell)
        }
        appendLine(encoded)
    }

    /// The file's bytes: UTF-8, no byte-order mark.
    public var bytes: [UInt8] { Array(text.utf8) }

    private mutating func appendLine(_ encodedCells: [String]) {
        text += encodedCells.joined(separator: ",")
        text += "\r\n"
    }

    /// Prefixes `'` to text a spreadsheet would read as a formula.
    /// - Complexity: O(1); looks at the first Unicode scalar only.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + cell
        default: return cell
        }
    }

    /// RFC 4180: quote a field containing a quote, comma, CR or LF, doubling inner quotes.
    /// - Complexity: O(n) in the cell's length.
    static func quotedIfNeeded(_ cell: String) -> String {
        let needsQuotes = cell.unicodeScalars.contains { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return cell }
        var quoted = "\""
        for scalar in cell.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }
}

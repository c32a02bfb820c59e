import ChatDomain
import ChildProcesses
import Foundation

/// The rows of the COPY round-trip tests: generated from the id alone, so every side can rebuild them.
///
/// Bodies hold what COPY must escape (tabs, newlines, carriage returns, backslashes, `\N`, `\.`) and
/// multi-byte text; bodies, timestamps and flags are `NULL` on their own rhythms.
enum CopySample {
    static let rowCount: Int64 = 1_000_000

    static let bodies: [String] = [
        "plain",
        "tab\there",
        "new\nline",
        "back\\slash",
        "\\N",
        "\\.",
        "carriage\rreturn",
        "Привіт 👋🏽",
        "e\u{301} combining",
        "",
        "quote ' and \"",
        "mixed\t\\\n\r end\\",
    ]
    static let bodyUTF8 = bodies.map { Array($0.utf8) }
    static let bodyLengths = bodies.map { Int64($0.unicodeScalars.count) }

    static func bodyIndex(_ id: Int64) -> Int? {
        id % 11 == 0 ? nil : Int(id % Int64(bodies.count))
    }

    /// Microseconds since the Unix epoch, from about 1945 to 2055, with every digit of the fraction used.
    static func micros(_ id: Int64) -> Int64? {
        id % 13 == 0 ? nil : 946_684_800_000_000 + (id - rowCount / 2) * 3_456_789_123
    }

    static func flag(_ id: Int64) -> Bool? {
        id % 17 == 0 ? nil : id % 3 == 0
    }

    /// The server's side of `Checksum`, over a table `(id bigint, body text, at timestamptz, flag boolean)`.
    static let checksumSQL = """
        SELECT count(*), coalesce(sum(id), 0), coalesce(sum(length(body)), 0),
               count(*) FILTER (WHERE body IS NULL), count(*) FILTER (WHERE flag),
               md5(string_agg(
                   id::text || '|' || coalesce(body, '∅') || '|'
                       || coalesce(((extract(epoch FROM at) * 1000000)::bigint)::text, '∅') || '|'
                       || coalesce(flag::text, '∅') || E'\\n',
                   '' ORDER BY id))
        FROM copy_rows
        """

    static let createTableSQL = "CREATE TABLE copy_rows (id bigint NOT NULL, body text, at timestamptz, flag boolean)"
}

/// Sums and an MD5 over rows, computed the same way the server's `CopySample.checksumSQL` does.
struct Checksum: Equatable, CustomStringConvertible {
    var rows: Int64 = 0
    var idSum: Int64 = 0
    var bodyLengthSum: Int64 = 0
    var nullBodies: Int64 = 0
    var trueFlags: Int64 = 0
    var md5 = ""

    var description: String {
        "rows \(rows), ids \(idSum), lengths \(bodyLengthSum), null bodies \(nullBodies), true \(trueFlags), md5 \(md5)"
    }
}

/// Accumulates a `Checksum`; the MD5 is computed by `md5sum` over the canonical lines.
final class ChecksumBuilder {
    private var checksum = Checksum()
    private var line: [UInt8] = []
    private let digest: MD5Pipe

    init() throws {
        digest = try MD5Pipe()
        line.reserveCapacity(256)
    }

    /// Adds one row; `body` is its UTF-8 and `bodyLength` its length in Unicode scalars.
    func add(id: Int64, body: UnsafeRawBufferPointer?, bodyLength: Int64, micros: Int64?, flag: Bool?) throws {
        checksum.rows += 1
        checksum.idSum += id
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: String(id).utf8)
        line.append(UInt8(ascii: "|"))
        if let body {
            checksum.bodyLengthSum += bodyLength
            line.append(contentsOf: body)
        } else {
            checksum.nullBodies += 1
            line.append(contentsOf: "∅".utf8)
        }
        line.append(UInt8(ascii: "|"))
        if let micros { line.append(contentsOf: String(micros).utf8) } else { line.append(contentsOf: "∅".utf8) }
        line.append(UInt8(ascii: "|"))
        switch flag {
        case true?:
            checksum.trueFlags += 1
            line.append(contentsOf: "true".utf8)
        case false?: line.append(contentsOf: "false".utf8)
        case nil: line.append(contentsOf: "∅".utf8)
        }
        line.append(UInt8(ascii: "\n"))
        try digest.write(line)
    }

    func add(id: Int64, body: String?, micros: Int64?, flag: Bool?) throws {
        guard var body else {
            try add(id: id, body: nil, bodyLength: 0, micros: micros, flag: flag)
            return
        }
        let length = Int64(body.unicodeScalars.count)
        try body.withUTF8 { utf8 in
            try add(id: id, body: UnsafeRawBufferPointer(utf8), bodyLength: length, micros: micros, flag: flag)
        }
    }

    func finish() throws -> Checksum {
        var result = checksum
        result.md5 = try digest.finish()
        return result
    }

    /// The checksum of the rows `CopySample` generates, as the client sends them.
    static func ofSample() throws -> Checksum {
        let builder = try ChecksumBuilder()
        for id in 1...CopySample.rowCount {
            let index = CopySample.bodyIndex(id)
            if let index {
                try CopySample.bodyUTF8[index].withUnsafeBytes { body in
                    try builder.add(
                        id: id,
                        body: body,
                        bodyLength: CopySample.bodyLengths[index],
                        micros: CopySample.micros(id),
                        flag: CopySample.flag(id)
                    )
                }
            } else {
                try builder.add(
                    id: id,
                    body: nil,
                    bodyLength: 0,
                    micros: CopySample.micros(id),
                    flag: CopySample.flag(id)
                )
            }
        }
        return try builder.finish()
    }
}

/// Gathers bytes in a temporary file and has `md5sum` (fast even in a debug build) digest it.
///
/// Files, not pipes: a pipe's write end would leak into processes spawned meanwhile by other
/// tests (the cluster watchdogs live on), and `md5sum` would then never see the end of its input.
final class MD5Pipe {
    private let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("chatsla-md5-\(UInt64.random(in: 0...UInt64.max))").path
    private let file: FileHandle
    private var buffer: [UInt8] = []

    init() throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let file = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown) }
        self.file = file
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        try? file.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try file.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws -> String {
        try flush()
        try file.close()
        let text = try ChildProcess.run(["md5sum", path], timeout: .seconds(600)).standardOutput
        return text.split(separator: " ").first.map(String.init) ?? ""
    }
}

/// `timestamptz` text as `COPY … (FORMAT text)` writes and reads it with `TimeZone` set to UTC.
enum TimestampText {
    private static let microsPerDay: Int64 = 86_400_000_000

    /// `1945-03-04 05:06:07.123456+00`
    static func format(micros: Int64) -> String {
        var bytes: [UInt8] = []
        append(micros: micros, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `format(micros:)`'s text without building a `String` (a million rows in a debug build).
    static func append(micros: Int64, to bytes: inout [UInt8]) {
        let (days, rest) = floorDivide(micros, microsPerDay)
        let (year, month, day) = CivilDate.fromDays(days)
        let seconds = rest / 1_000_000
        appendDigits(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        appendDigits(seconds / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(seconds / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(seconds % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDigits(rest % 1_000_000, width: 6, to: &bytes)
        bytes.append(UInt8(ascii: "+"))
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "0"))
    }

    static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Parses the server's output, whose fraction drops trailing zeros (or is absent).
    static func parse(_ raw: UnsafeRawBufferPointer) -> Int64? {
        let end = raw.count - 3
        guard raw.count >= 22, raw[4] == UInt8(ascii: "-"), raw[10] == UInt8(ascii: " "),
            raw[end] == UInt8(ascii: "+"), raw[end + 1] == UInt8(ascii: "0"), raw[end + 2] == UInt8(ascii: "0")
        else { return nil }
        func number(_ from: Int, _ to: Int) -> Int64? {
            var value: Int64 = 0
            for index in from..<to {
                let digit = raw[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10),
            let hour = number(11, 13), let minute = number(14, 16), let second = number(17, 19)
        else { return nil }
        var fraction: Int64 = 0
        if raw[19] == UInt8(ascii: ".") {
            let digits = end - 20
            guard digits >= 1, digits <= 6, let value = number(20, end) else { return nil }
            fraction = value
            for _ in digits..<6 { fraction *= 10 }
        } else if end != 19 {
            return nil
        }
        let days = CivilDate.days(year: year, month: month, day: day)
        return days * microsPerDay + ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction
    }

    private static func appendDigits(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor - (value % divisor < 0 ? 1 : 0)
        return (quotient, value - quotient * divisor)
    }
}

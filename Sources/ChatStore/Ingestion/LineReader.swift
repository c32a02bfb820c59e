import Foundation

/// Reads `\n`-separated lines from a file descriptor through one large buffer.
///
/// The whole input is never held: a line is copied once, into the caller's arena. A line may be
/// of any length (a 10 MB line is read whole so it can be reported); its bytes are not checked
/// here (invalid UTF-8 is the decoder's to reject).
struct LineReader {
    let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 22)
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// Whether the first line was read (a byte-order mark is looked for only there).
    private var pastStart = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Appends the next non-blank line (without `\n`) to `arena` and returns its 1-based number.
    ///
    /// Blank lines (empty, or only spaces, tabs and `\r`: JSON white space) are skipped but
    /// counted. A UTF-8 byte-order mark at the start of the input is dropped (editors on Windows
    /// write one; it is not part of the first event).
    /// - Returns: `nil` at the end of the input.
    /// - Complexity: O(length of the line) amortised.
    mutating func nextLine(into arena: inout [UInt8], lineNumber: inout Int) throws -> Int? {
        while true {
            let lineStart = arena.count
            var sawBytes = false
            var complete = false
            while !complete {
                if start == end {
                    if atEnd { break }
                    try refill()
                    if start == end { break }
                }
                sawBytes = true
                let searched = buffer.withUnsafeBytes { raw -> Int? in
                    guard let base = raw.baseAddress else { return nil }
                    guard let hit = memchr(base + start, 10, end - start) else { return nil }
                    return base.distance(to: UnsafeRawPointer(hit))
                }
                if let newline = searched {
                    arena.append(contentsOf: buffer[start..<newline])
                    start = newline + 1
                    complete = true
                } else {
                    arena.append(contentsOf: buffer[start..<end])
                    start = end
                }
            }
            guard sawBytes else { return nil }
            lineNumber += 1
            if !pastStart {
                pastStart = true
                if arena.count - lineStart >= 3, arena[lineStart] == 0xEF, arena[lineStart + 1] == 0xBB,
                    arena[lineStart + 2] == 0xBF
                {
                    arena.removeSubrange(lineStart..<lineStart + 3)
                }
            }
            if Self.isBlank(arena[lineStart...]) {
                arena.removeSubrange(lineStart...)
                if !complete { return nil }
                continue
            }
            return lineNumber
        }
    }

    /// Whether a line holds nothing but JSON white space other than `\n` (space, tab, `\r`).
    ///
    /// - Complexity: O(length) for a blank line; a line of JSON stops at its first byte.
    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        for byte in line where byte != 0x20 && byte != 0x09 && byte != 0x0D { return false }
        return true
    }

    private mutating func refill() throws {
        start = 0
        end = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress, raw.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StoreError.inputUnreadable("cannot read the input: \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEnd = true }
            end = count
            return
        }
    }
}

/// The lines of one batch, copied into one arena.
struct BatchInput {
    var arena: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []
    var numbers: [Int] = []
    /// The source of each line when the batch gathers several inputs (HTTP requests grouped
    /// into one transaction); empty when the whole batch comes from one file.
    var sources: [String] = []

    var count: Int { numbers.count }

    /// The source of line `index`: its own when the batch has several, else `single`.
    func source(_ index: Int, else single: String) -> String { sources.isEmpty ? single : sources[index] }

    mutating func reset() {
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        numbers.removeAll(keepingCapacity: true)
        sources.removeAll(keepingCapacity: true)
    }

    /// Records that the bytes appended since the previous line are line `number`.
    mutating func finishLine(number: Int) {
        starts.append(ends.last ?? 0)
        ends.append(arena.count)
        numbers.append(number)
    }

    func bytes(_ index: Int) -> [UInt8] { Array(arena[starts[index]..<ends[index]]) }
}

import Foundation

/// Turns a valid event line into a hostile one, deterministically for a seed.
///
/// Every mutant keeps the original's `id` member untouched, or makes the id itself invalid: a
/// mutant placed after its original can therefore only be a duplicate (same canonical content)
/// or a rejection (malformed, an impossible value, or the same id with other content). It can
/// never be a new valid event, so the originals' outcomes do not depend on the mutants.
struct LineMutator {
    /// How a line is broken.
    enum Kind: String, CaseIterable, Sendable {
        /// Raw bytes: flips, hostile bytes (NUL, invalid UTF-8, quotes, backslashes), insertions,
        /// deletions, truncation, repeats.
        case bytes
        /// One member's value replaced by a hostile one: out-of-range and malformed timestamps,
        /// U+0000, lone surrogates, bidi controls, huge and negative numbers, wrong types, long
        /// strings, deep nesting; sometimes the id itself (NUL, empty, too long, not a string).
        case values
        /// The JSON's shape: members removed or repeated, not an object, trailing garbage,
        /// truncation, white space and BOMs in odd places, over-long lines.
        case structure
    }

    private var random: SplitMix

    init(seed: UInt64) {
        random = SplitMix(state: seed)
    }

    /// A mutant of `line` (no newline byte in it).
    mutating func mutate(_ line: [UInt8], kind: Kind) -> [UInt8] {
        let protected = Self.endOfID(line)
        var result: [UInt8]
        switch kind {
        case .bytes: result = mutateBytes(line, from: protected)
        case .values: result = mutateValue(line)
        case .structure: result = mutateStructure(line, from: protected)
        }
        // A newline would split the mutant into two lines; the reader's own line break is not data.
        for index in result.indices where result[index] == 0x0A { result[index] = 0x0B }
        return result
    }

    /// The index just past the `"id":"…"` member, which byte mutations leave alone.
    static func endOfID(_ line: [UInt8]) -> Int {
        let marker = Array(#","type":"#.utf8)
        guard line.count > marker.count else { return line.count }
        for start in 0...(line.count - marker.count) where Array(line[start..<start + marker.count]) == marker {
            return start
        }
        return line.count
    }

    // MARK: - Kinds

    private static let hostileBytes: [[UInt8]] = [
        [0x00], [0x01], [0x0D], [0x09], [0x1B], [0x22], [0x5C], [0x7B], [0x7D], [0x5B], [0x2C], [0x3A],
        [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xEF, 0xBB, 0xBF],
        [0xE2, 0x80, 0xAE], Array(#"\u0000"#.utf8), Array(#"\ud800"#.utf8), Array(#"\"#.utf8),
    ]

    private mutating func mutateBytes(_ line: [UInt8], from protected: Int) -> [UInt8] {
        var bytes = line
        for _ in 0..<(1 + pick(3)) {
            guard bytes.count > protected + 1 else { break }
            let position = protected + pick(bytes.count - protected)
            switch pick(6) {
            case 0: bytes[position] ^= UInt8(1 << pick(8))
            case 1: bytes.replaceSubrange(position...position, with: Self.hostileBytes[pick(Self.hostileBytes.count)])
            case 2: bytes.insert(contentsOf: Self.hostileBytes[pick(Self.hostileBytes.count)], at: position)
            case 3: bytes.removeSubrange(position..<min(bytes.count, position + 1 + pick(8)))
            case 4: bytes.removeSubrange(position...)
            default:
                let end = min(bytes.count, position + 1 + pick(16))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    /// Hostile values as JSON text.
    private static let hostileValues: [String] = [
        #""0000-06-01T00:00:00Z""#, #""9999-12-31T23:59:59-14:00""#, #""0001-01-01T00:00:00+00:01""#,
        #""2026-02-30T10:00:00Z""#, #""2026-01-05T10:00:60Z""#, #""2026-01-05T10:00:00""#,
        #""2026-01-05T10:00:00.1234567Z""#, #""9999-12-31T23:59:59Z""#, #""+002026-01-05T10:00:00Z""#,
        #""2026-01-05 10:00:00Z""#, #""-0001-01-01T00:00:00Z""#, #""a\u0000b""#, #""\u0000""#, #""\ud800""#,
        #""\udc00x""#, #""\u202Eevil""#, #""""#, #"" ""#, #""=cmd|' /C calc'!A0""#, #""<script>x</script>""#,
        "0", "-1", "1e400", "-0", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1.5",
        "1E2", "2147483648", "99999999999999999999999", #""-1.00""#, #""1.005""#, #""999999999999.99""#,
        #""1000000000000""#, #""NaN""#, #""1e3""#, "null", "true", "false", "[]", "{}", "[null]",
        #"{"user":""}"#, #"{"system":false}"#, #"{"bot":"b1","user":"u1"}"#, #"{"user":"\u0000"}"#,
        #"[{"offer":"x","quantity":0,"price":"1"}]"#, #"[{"name":"a","size":-1,"mime":"x"}]"#,
        #"[{"name":"a","size":9223372036854775807,"mime":"x"},{"name":"b","size":9,"mime":"x"}]"#,
    ]

    private mutating func hostileValue() -> String {
        switch pick(10) {
        case 0: return "\"" + String(repeating: "x", count: 1001 + pick(4000)) + "\""
        case 1: return String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        case 2: return "\"" + randomText(3000) + "\""
        default: return Self.hostileValues[pick(Self.hostileValues.count)]
        }
    }

    /// Letters, digits and a few symbols, `count` of them: text that does not compress.
    private mutating func randomText(_ count: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        return String((0..<count).map { _ in alphabet[pick(alphabet.count)] })
    }

    private mutating func mutateValue(_ line: [UInt8]) -> [UInt8] {
        guard var members = Self.members(line) else { return mutateBytes(line, from: Self.endOfID(line)) }
        if pick(8) == 0 {
            // The id itself, always into an invalid one.
            let invalidIDs = [
                #""e\u0000x""#, #""""#, "\"" + String(repeating: "i", count: 1001) + "\"", "5", "null", "[]",
            ]
            members[0].value = invalidIDs[pick(invalidIDs.count)]
        } else if members.count > 1 {
            let index = 1 + pick(members.count - 1)
            members[index].value = hostileValue()
        }
        return Array(Self.object(members).utf8)
    }

    private mutating func mutateStructure(_ line: [UInt8], from protected: Int) -> [UInt8] {
        guard var members = Self.members(line), members.count > 1 else { return line + Array("}".utf8) }
        switch pick(12) {
        case 0: members.remove(at: 1 + pick(members.count - 1))
        case 1: members.append(members[1 + pick(members.count - 1)])
        case 2: return Array(("[" + Self.object(members) + "]").utf8)
        case 3: return Array(Self.object(members).utf8) + Array([",", "}", "]", "x", "{}", " 1"][pick(6)].utf8)
        case 4: return Array(line[..<(protected + pick(max(1, line.count - protected)))])
        case 5: return Array("\u{FEFF}".utf8) + line
        case 6: return Array("  \t".utf8) + line + Array(" \r".utf8)
        case 7: return Array(Self.object(members, separator: " , ").utf8)
        case 8: return Array(("\"" + Self.object(members).replacingOccurrences(of: "\"", with: "'") + "\"").utf8)
        case 9 where pick(40) == 0:
            // Over the 1 MiB line limit (rarely: each is a megabyte).
            members[members.count - 1].value = "\"" + String(repeating: "y", count: (1 << 20) + 10) + "\""
        case 9, 10: members[0].key = ["ID", "id ", "", "i\\u0064"][pick(4)]
        default: return Array(Self.object(members).utf8) + Array(Self.object(members).utf8)
        }
        return Array(Self.object(members).utf8)
    }

    // MARK: - JSON members as text

    /// The top-level members of a flat generator line as (key, value text), id first; `nil` when
    /// the line is not such an object.
    static func members(_ line: [UInt8]) -> [(key: String, value: String)]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            let id = object["id"]
        else { return nil }
        var result: [(key: String, value: String)] = [("id", text(id))]
        for key in object.keys.sorted() where key != "id" {
            guard let value = object[key] else { continue }
            result.append((key, text(value)))
        }
        return result
    }

    static func object(_ members: [(key: String, value: String)], separator: String = ",") -> String {
        "{" + members.map { "\"\($0.key)\":\($0.value)" }.joined(separator: separator) + "}"
    }

    /// JSON text of a parsed value (the generator's lines hold strings, numbers, booleans,
    /// null, arrays and objects).
    static func text(_ value: Any) -> String {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: value,
                options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
            )
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private mutating func pick(_ count: Int) -> Int {
        Int(random.next() % UInt64(max(1, count)))
    }
}

/// SplitMix64: a seedable generator, the same stream on every platform and run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

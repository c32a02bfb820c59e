/// A Bloom filter of the event ids this ingester wrote: `mayContain` false means certainly new.
///
/// Used when `ingested_events` was empty at start, so that only ids that may repeat one of this
/// run are looked up in the table. 8 MiB, three probes: about 0.01 % false positives at 1M ids,
/// 5 % at 10M (a false positive only costs a lookup).
///
/// - Complexity: O(length of the id) per call; constant memory.
struct EventIDFilter: Sendable {
    private static let bitCount = 1 << 26
    private var words = [UInt64](repeating: 0, count: bitCount / 64)

    /// The three bits of an id (``probes(_:)``), for ``insert(_:)`` and ``mayContain(_:)``.
    struct Probes {
        fileprivate let bits: (Int, Int, Int)
    }

    static func probes(_ id: String) -> Probes {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            first ^= UInt64(byte)
            first &*= 0x0000_0100_0000_01b3
        }
        var second = first ^ 0x9e37_79b9_7f4a_7c15
        second = (second ^ (second >> 31)) &* 0xbf58_476d_1ce4_e5b9
        second = (second ^ (second >> 27)) | 1
        let mask = UInt64(bitCount - 1)
        return Probes(
            bits: (Int(first & mask), Int((first &+ second) & mask), Int((first &+ 2 &* second) & mask))
        )
    }

    mutating func insert(_ probes: Probes) {
        let (a, b, c) = probes.bits
        words[a >> 6] |= 1 << UInt64(a & 63)
        words[b >> 6] |= 1 << UInt64(b & 63)
        words[c >> 6] |= 1 << UInt64(c & 63)
    }

    func mayContain(_ probes: Probes) -> Bool {
        let (a, b, c) = probes.bits
        return words[a >> 6] & (1 << UInt64(a & 63)) != 0 && words[b >> 6] & (1 << UInt64(b & 63)) != 0
            && words[c >> 6] & (1 << UInt64(c & 63)) != 0
    }
}

/// Packed facts in fixed-size chunks: appending never copies what is stored (an array doubling
/// its capacity copies it all, and holds both copies for a moment), and a reader that is done
/// with a chunk frees it at once.
@usableFromInline
struct FactChunks: Sendable {
    /// Facts per chunk (1.5 MB).
    @usableFromInline static let chunkShift = 16
    @usableFromInline static let chunkSize = 1 << chunkShift

    @usableFromInline var chunks: [[PackedFact]] = []
    @usableFromInline private(set) var count = 0

    @usableFromInline init() {}

    /// The facts of `slice`, in order.
    init(_ slice: ArraySlice<PackedFact>) {
        var start = slice.startIndex
        while start < slice.endIndex {
            let end = min(start + Self.chunkSize, slice.endIndex)
            chunks.append(Array(slice[start..<end]))
            start = end
        }
        count = slice.count
    }

    mutating func append(_ fact: PackedFact) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [PackedFact] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(fact)
        count += 1
    }

    @inlinable
    subscript(position: Int) -> PackedFact {
        chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)]
    }

    /// Sets the flag of the fact at `position` (a send's: failed or not).
    mutating func setFlag(of position: Int, to flag: Bool) {
        let chunk = position >> Self.chunkShift
        let offset = position & (Self.chunkSize - 1)
        chunks[chunk][offset] = chunks[chunk][offset].with(flag: flag)
    }

    /// Frees every chunk wholly before `position`; reading them afterwards is a programming error.
    @inlinable
    mutating func free(before position: Int) {
        let last = min(position >> Self.chunkShift, chunks.count)
        var chunk = last - 1
        while chunk >= 0, !chunks[chunk].isEmpty {
            chunks[chunk] = []
            chunk -= 1
        }
    }
}

import ChatDomain
import Dispatch
import Foundation

/// Reads and decodes the next batch of lines on a background thread, one batch ahead.
///
/// Decoding is pure (``EventDecoder`` is `Sendable`), so it overlaps the database work of the
/// batch before. Only one batch is ever in flight: memory is two batches.
final class ReadAhead: @unchecked Sendable {
    /// One batch of lines with their decoding.
    struct Batch: @unchecked Sendable {
        var input = BatchInput()
        var decoded: [Result<EventEnvelope, Rejection>] = []
        /// SHA-256 of each decoded event's canonical text (empty for lines that failed).
        var digests: [[UInt8]] = []
    }

    private let queue = DispatchQueue(label: "chatsla.ingest.read-ahead")
    private let done = DispatchSemaphore(value: 0)
    private let batchSize: Int
    private let decoder = EventDecoder()
    // Touched only by the thread holding the turn (the caller between `wait` and `start`, the
    // queue in between), so no lock is needed.
    private var reader: LineReader
    private var lineNumber = 0
    private var result: Result<Batch, any Error> = .success(Batch())
    private(set) var busy: Duration = .zero

    init(descriptor: Int32, batchSize: Int) {
        reader = LineReader(descriptor: descriptor)
        self.batchSize = batchSize
    }

    /// Reads the next batch on the calling thread.
    func next() throws -> Batch {
        fill()
        return try result.get()
    }

    /// Starts reading the next batch in the background; collect it with ``wait()``.
    func start() {
        queue.async {
            self.fill()
            self.done.signal()
        }
    }

    func wait() throws -> Batch {
        done.wait()
        return try result.get()
    }

    /// Rejects events that hold U+0000 in a string: PostgreSQL text cannot store it, and the
    /// batch holding it could never commit.
    ///
    /// - Complexity: O(length of the canonical text).
    static func storable(_ result: Result<EventEnvelope, Rejection>) -> Result<EventEnvelope, Rejection> {
        guard case .success(let event) = result else { return result }
        var canonical = event.canonicalJSON
        let holdsNul = canonical.withUTF8 { bytes -> Bool in
            // In the canonical text a backslash only starts an escape; `\u0000` is the NUL character.
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\") {
                    if index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == 0x30,
                        bytes[index + 3] == 0x30, bytes[index + 4] == 0x30, bytes[index + 5] == 0x30
                    {
                        return true
                    }
                    index += 2
                } else {
                    index += 1
                }
            }
            return false
        }
        guard holdsNul else { return result }
        return .failure(
            Rejection(
                .invalidEvent,
                "a string holds the character U+0000, which cannot be stored",
                eventID: event.id
            )
        )
    }

    private func fill() {
        let started = ContinuousClock.now
        defer { busy += ContinuousClock.now - started }
        var batch = Batch()
        do {
            while batch.input.count < batchSize {
                guard let number = try reader.nextLine(into: &batch.input.arena, lineNumber: &lineNumber) else { break }
                batch.input.finishLine(number: number)
            }
        } catch {
            result = .failure(error)
            return
        }
        batch.decoded.reserveCapacity(batch.input.count)
        let input = batch.input
        input.arena.withUnsafeBufferPointer { arena in
            for index in 0..<input.count {
                let line = UnsafeBufferPointer(rebasing: arena[input.starts[index]..<input.ends[index]])
                batch.decoded.append(Self.storable(decoder.decode(bytes: line)))
            }
        }
        batch.digests = Self.digests(of: batch.decoded)
        result = .success(batch)
    }

    /// The ledger's digest of each decoded event's canonical text (empty for lines that failed).
    static func digests(of decoded: [Result<EventEnvelope, Rejection>]) -> [[UInt8]] {
        decoded.map { result in
            guard case .success(let event) = result else { return [] }
            var canonical = event.canonicalJSON
            return canonical.withUTF8 { LedgerDigest.eventDigest($0) }
        }
    }
}

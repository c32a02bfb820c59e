import ArgumentParser
import EventGenerator
import Foundation

/// `chatsla generate`: deterministic synthetic events as JSON Lines.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write realistic synthetic chat events (JSON Lines), deterministic for a seed.",
        discussion: "Events go to standard output unless --out is given; the per-type summary goes to standard error."
    )

    @Option(help: "Customer dialogs to open over the window.")
    var dialogs: Int

    @Option(help: "Length of the window in days (it ends at 2026-11-01T00:00:00Z).")
    var days: Int = 30

    @Option(help: "Seed of the random stream: the same seed gives the same bytes.")
    var seed: UInt64 = 1

    @Option(help: "File to write (replaced); standard output when omitted.")
    var out: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Emit business hours: a default schedule, channels of their own (a DST zone, a holiday, round the clock)."
    )
    var businessHours = true

    func validate() throws {
        guard dialogs >= 0 else { throw ValidationError("--dialogs must not be negative") }
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
    }

    func run() throws {
        let descriptor: Int32
        if let out {
            descriptor = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else {
                throw fail(
                    "cannot write \(out): \(String(cString: strerror(errno))); "
                        + "choose an --out path in a folder you can write to"
                )
            }
        } else {
            descriptor = STDOUT_FILENO
        }
        defer { if out != nil { close(descriptor) } }
        let generator = EventGenerator(
            configuration: GeneratorConfiguration(
                dialogs: dialogs,
                days: days,
                seed: seed,
                businessHours: businessHours
            )
        )
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        do {
            let summary = try generator.forEachLine { line in
                buffer.append(contentsOf: line)
                buffer.append(10)
                if buffer.count >= 1 << 20 {
                    try writeAll(buffer, to: descriptor)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try writeAll(buffer, to: descriptor)
            FileHandle.standardError.write(Data("\(summary)\n".utf8))
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw fail("cannot write the events: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}

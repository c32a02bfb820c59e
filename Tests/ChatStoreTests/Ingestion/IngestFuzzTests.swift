import ChatDomain
import EventGenerator
import Foundation
import Testing

/// `chatsla ingest` on a stream of valid events with mutants of them in between: no crash, exit 3,
/// every rejected line in the rejects file with a code, every valid event ingested.
///
/// The built `chatsla` binary runs against a fresh database of the test server. The size and seed
/// are fixed (`CHATSLA_FUZZ_MUTANTS` and `CHATSLA_FUZZ_SEED` change them for
/// `scripts/ingest-fuzz.sh`, the longer run, which prints the figures this test prints).
@Suite(.serialized) struct IngestFuzzTests {
    /// `accepted N, duplicate N, rejected N` from standard output.
    static func counts(_ stdout: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for part in stdout.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            let words = part.split(separator: " ")
            if words.count == 2, let value = Int(words[1]) { result[String(words[0])] = value }
        }
        return result
    }

    @Test func mutatedLinesOfEveryKindAreRejectedWithACodeAndTheValidOnesIngested() throws {
        let environment = ProcessInfo.processInfo.environment
        let mutantsPerKind = environment["CHATSLA_FUZZ_MUTANTS"].flatMap { Int($0) } ?? 2_000
        let seed = environment["CHATSLA_FUZZ_SEED"].flatMap { UInt64($0) } ?? 16
        let kinds = LineMutator.Kind.allCases
        let mutants = mutantsPerKind * kinds.count

        // The valid stream: a generated month, about 20 events a dialog.
        var originals: [[UInt8]] = []
        let dialogs = max(50, mutants / 20)
        EventGenerator(configuration: GeneratorConfiguration(dialogs: dialogs, days: 30, seed: seed)).forEachLine {
            originals.append(Array($0))
        }
        // Each mutant follows a random original (so that its id is already known when it comes).
        var mutator = LineMutator(seed: seed)
        var random = SplitMix(state: seed ^ 0x5EED)
        var mutantsAfter = [[(kind: LineMutator.Kind, bytes: [UInt8])]](repeating: [], count: originals.count)
        for index in 0..<mutants {
            let kind = kinds[index % kinds.count]
            let target = Int(random.next() % UInt64(originals.count))
            mutantsAfter[target].append((kind, mutator.mutate(originals[target], kind: kind)))
        }
        var file: [UInt8] = []
        var lineNumber = 0
        var kindOfLine: [Int: LineMutator.Kind] = [:]
        var blankMutants = 0
        for (index, original) in originals.enumerated() {
            file += original + [0x0A]
            lineNumber += 1
            for mutant in mutantsAfter[index] {
                file += mutant.bytes + [0x0A]
                lineNumber += 1
                kindOfLine[lineNumber] = mutant.kind
                if mutant.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { blankMutants += 1 }
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("fuzz.jsonl").path
        let rejectsPath = folder.appendingPathComponent("rejects.jsonl").path
        _ = FileManager.default.createFile(atPath: input, contents: Data(file))

        let fixture = try IngestFixture()
        let arguments = [
            "ingest", "--max-future", "1000000h", "--database-url", fixture.database.url, "--batch-size", "700",
            "--rejects", rejectsPath, input,
        ]
        let first = try ChatslaProcess.run(arguments)
        #expect(!first.signalled, "chatsla died of a signal: \(first.stderr)")
        #expect(first.status == 3, "exit \(first.status): \(first.stderr)")
        let counts = Self.counts(first.stdout)
        let accepted = counts["accepted"] ?? -1
        let duplicates = counts["duplicate"] ?? -1
        let rejected = counts["rejected"] ?? -1
        // Every valid event ingested; every mutant a duplicate (same content) or a rejection.
        #expect(accepted == originals.count, "\(first.stdout)")
        #expect(duplicates + rejected == mutants - blankMutants)

        // Every rejected line in the rejects file, once, with a known code and a message.
        let codes = Set(RejectionCode.allCases.map(\.rawValue))
        let rejects = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n")
        #expect(rejects.count == rejected)
        var seenLines: Set<Int> = []
        var byCode: [String: Int] = [:]
        var byKind: [LineMutator.Kind: Int] = [:]
        for text in rejects {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                "not a JSON object: \(text.prefix(200))"
            )
            let line = try #require(object["line"] as? Int)
            let code = try #require(object["code"] as? String)
            let message = try #require(object["message"] as? String)
            #expect(codes.contains(code), "unknown code \(code)")
            #expect(!message.isEmpty && !message.contains("\n"))
            #expect(seenLines.insert(line).inserted, "line \(line) rejected twice")
            let kind = try #require(kindOfLine[line], "line \(line) is an original, rejected: \(code): \(message)")
            byCode[code, default: 0] += 1
            byKind[kind, default: 0] += 1
        }
        for kind in kinds { #expect(byKind[kind, default: 0] > mutantsPerKind / 4, "few \(kind) rejections") }
        #expect(try fixture.integrityViolations().isEmpty)

        // The re-run reports the same, and no line can stop it.
        let again = try ChatslaProcess.run(arguments)
        #expect(!again.signalled)
        #expect(again.status == 3)
        let recounts = Self.counts(again.stdout)
        #expect(recounts["accepted"] == 0)
        #expect(recounts["duplicate"] == accepted + duplicates)
        #expect(recounts["rejected"] == rejected)

        let codeFigures = byCode.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let kindFigures = kinds.map { "\($0.rawValue)=\(byKind[$0, default: 0])" }.joined(separator: " ")
        print(
            "fuzz: seed=\(seed) lines=\(lineNumber) originals=\(originals.count) mutants=\(mutants) "
                + "blank=\(blankMutants) accepted=\(accepted) duplicate=\(duplicates) rejected=\(rejected) "
                + "crashes=\(first.signalled || again.signalled ? 1 : 0) exit=\(first.status),\(again.status) "
                + "seconds=\(String(format: "%.1f", first.seconds)),\(String(format: "%.1f", again.seconds))"
        )
        print("fuzz: rejected by kind: \(kindFigures)")
        print("fuzz: rejected by code: \(codeFigures)")
    }
}

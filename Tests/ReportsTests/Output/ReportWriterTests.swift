import Foundation
import Synchronization
import Testing

@testable import Reports

@Suite struct ReportWriterTests {
    private static let fileNames = [
        "breaches.csv", "channels.csv", "daily.csv", "index.html", "managers.csv", "orders.csv",
    ]

    private struct InjectedFailure: Error {}

    /// Every file of a folder with its bytes.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return try Dictionary(
            uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
        )
    }

    /// Writes a report (the fixture's with one channel fewer) to `scratch/out`, the folder returned.
    private func writePreviousReport(in scratch: URL) throws -> URL {
        let target = scratch.appendingPathComponent("out")
        var previousReport = ReportFixture.report
        previousReport.channels.removeLast()
        try ReportWriter().write(report: previousReport, metadata: ReportFixture.metadata, to: target)
        return target
    }

    @Test func writingCreatesTheSixFilesAndTheMissingParents() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = scratch.appendingPathComponent("reports/2026-03-01_2026-03-07")

        try ReportWriter().write(report: ReportFixture.report, metadata: ReportFixture.metadata, to: target)

        let files = try snapshot(target)
        #expect(files.keys.sorted() == Self.fileNames)
        let expected = try ReportWriter().files(report: ReportFixture.report, metadata: ReportFixture.metadata)
        for file in expected {
            #expect(files[file.name] == Data(file.bytes))
        }
        // No staging or old folder is left beside the report.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == [
                "2026-03-01_2026-03-07"
            ]
        )
    }

    @Test func writingAgainReplacesThePreviousReportAndLeavesNothingElse() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = scratch.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: target.appendingPathComponent("stale.txt"))

        try ReportWriter().write(report: ReportFixture.report, metadata: ReportFixture.metadata, to: target)

        #expect(try snapshot(target).keys.sorted() == Self.fileNames)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["out"])
    }

    @Test func aFailureAfterThreeFilesLeavesThePreviousReportByteForByte() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = try writePreviousReport(in: scratch)
        let before = try snapshot(target)

        // The fourth file is orders.csv: three files are already in the staging folder.
        let failing = ReportWriter { name in
            if name == "orders.csv" { throw InjectedFailure() }
        }
        #expect(throws: ReportWriterError.self) {
            try failing.write(report: ReportFixture.report, metadata: ReportFixture.metadata, to: target)
        }

        #expect(try snapshot(target) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["out"])
    }

    @Test func aFailureWithoutAPreviousReportLeavesNoFolder() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = scratch.appendingPathComponent("out")
        let failing = ReportWriter { name in
            if name == "index.html" { throw InjectedFailure() }
        }
        #expect(throws: ReportWriterError.self) {
            try failing.write(report: ReportFixture.report, metadata: ReportFixture.metadata, to: target)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    @Test func anUnwritableParentFailsWithAnErrorNamingThePath() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A regular file where the parent folder should be: nothing can be created under it,
        // even by root.
        let blocker = scratch.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)

        let error = #expect(throws: ReportWriterError.self) {
            try ReportWriter().write(
                report: ReportFixture.report,
                metadata: ReportFixture.metadata,
                to: blocker.appendingPathComponent("out")
            )
        }
        #expect(error?.description.contains("not-a-folder") == true)
        #expect(try Data(contentsOf: blocker) == Data("x".utf8))
    }

    @Test func leftoversOfRunsKilledMidWriteAreRemovedByTheNextRun() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = scratch.appendingPathComponent("out")
        try ReportWriter().write(report: ReportFixture.report, metadata: ReportFixture.metadata, to: target)
        // What kill -9 leaves: a half-written staging folder, an old folder set aside; and the
        // staging folder of another report, which is not this run's to touch.
        let manager = FileManager.default
        for leftover in [".out.new-A1B2", ".out.old-C3D4", ".other.new-E5F6"] {
            let folder = scratch.appendingPathComponent(leftover)
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("half".utf8).write(to: folder.appendingPathComponent("channels.csv"))
        }
        try ReportWriter().write(report: ReportFixture.report, metadata: ReportFixture.metadata, to: target)
        #expect(try manager.contentsOfDirectory(atPath: scratch.path).sorted() == [".other.new-E5F6", "out"])
        #expect(try snapshot(target).keys.sorted() == Self.fileNames)
    }

    @Test func theReportFolderIsNeverAbsentWhileItIsReplaced() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = scratch.appendingPathComponent("out")
        let files = try ReportWriter().files(report: ReportFixture.report, metadata: ReportFixture.metadata)
        let writer = ReportWriter()
        try writer.write(files: files, to: target)
        // A reader polling the folder (a web server publishing it) while it is replaced 200 times (with two renames instead of the exchange, it sees the folder missing).
        let done = Shared(false)
        let polls = Shared(0)
        let misses = Shared(0)
        let reader = Thread {
            var status = stat()
            while !done.value {
                if stat(target.appendingPathComponent("index.html").path, &status) != 0 { misses.value += 1 }
                polls.value += 1
            }
        }
        reader.start()
        while polls.value == 0 { usleep(100) }
        for _ in 0..<200 { try writer.write(files: files, to: target) }
        done.value = true
        while !reader.isFinished { usleep(1000) }
        #expect(misses.value == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["out"])
    }

    @Test func withoutAtomicExchangeTwoRenamesStillReplaceTheReport() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = try writePreviousReport(in: scratch)
        // A file system without RENAME_EXCHANGE (EINVAL).
        let fallback = ReportWriter(exchange: { _, _ in
            errno = EINVAL
            return false
        })
        try fallback.write(report: ReportFixture.report, metadata: ReportFixture.metadata, to: target)
        let expected = try ReportWriter().files(report: ReportFixture.report, metadata: ReportFixture.metadata)
        let written = try snapshot(target)
        for file in expected { #expect(written[file.name] == Data(file.bytes)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["out"])
    }

    @Test func theKernelExchangesTheFoldersInOneStep() throws {
        let scratch = try ReportFixture.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let first = scratch.appendingPathComponent("a")
        let second = scratch.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try Data("a".utf8).write(to: first.appendingPathComponent("x"))
        try Data("b".utf8).write(to: second.appendingPathComponent("x"))
        #expect(ReportWriter.renameExchange(first.path, second.path))
        #expect(try Data(contentsOf: first.appendingPathComponent("x")) == Data("b".utf8))
        #expect(try Data(contentsOf: second.appendingPathComponent("x")) == Data("a".utf8))
    }
}

/// A value shared by the test thread and a reader thread.
private final class Shared<Value: Sendable>: Sendable {
    private let stored: Mutex<Value>

    init(_ value: Value) { stored = Mutex(value) }

    var value: Value {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

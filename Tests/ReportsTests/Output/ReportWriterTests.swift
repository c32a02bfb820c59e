import Foundation
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
        let target = scratch.appendingPathComponent("out")
        var previousReport = ReportFixture.report
        previousReport.channels.removeLast()
        try ReportWriter().write(report: previousReport, metadata: ReportFixture.metadata, to: target)
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
}

import Dispatch
import Foundation
import SLAAnalytics

#if canImport(Glibc)
import Glibc
#endif

/// Writes a report folder: the five CSV files of §5 and `index.html`, all or nothing.
///
/// ```swift
/// let writer = ReportWriter()
/// try writer.write(report: report, metadata: metadata, to: URL(filePath: "reports/2026-03-01_2026-03-31"))
/// ```
///
/// The files go into a hidden sibling folder (`.NAME.new-UUID`) first. Only when all six are
/// written is that folder put in place: renamed to `NAME`, or, when `NAME` exists, exchanged
/// with it in one step (`renameat2(RENAME_EXCHANGE)`), so `NAME` is never absent, not even for a
/// moment (a web server publishing the folder always finds a whole report). The old report,
/// now under the staging name, is then deleted. Where the file system cannot exchange, the old
/// `NAME` is renamed aside (`.NAME.old-UUID`) and the new folder renamed in (`NAME` is briefly
/// absent; if the second rename fails the old folder is renamed back). Any failure before that
/// point deletes the staging folder and leaves the previous report untouched, so a reader sees
/// the old report or the new one, never half of one.
///
/// A writer holds an exclusive lock on the parent folder (`flock`) while it works, and first
/// deletes the `.NAME.new-*` and `.NAME.old-*` folders that earlier runs killed mid-write left:
/// under the lock, no other writer can be using them.
public struct ReportWriter: Sendable {
    /// The page's file name in the folder.
    public static let pageFileName = "index.html"

    /// Called with each file's name just before it is written; tests throw here to simulate a
    /// failure part-way through.
    private let beforeWritingFile: @Sendable (String) throws -> Void

    /// Exchanges two paths atomically; `false` (with `errno`) where the file system cannot.
    private let exchange: @Sendable (String, String) -> Bool

    public init() {
        beforeWritingFile = { _ in }
        exchange = ReportWriter.renameExchange
    }

    /// A writer that calls `beforeWritingFile` before each file (for fault-injection tests), and
    /// exchanges folders with `exchange` (tests pass one that always fails, as on a file system
    /// without `RENAME_EXCHANGE`).
    init(
        beforeWritingFile: @escaping @Sendable (String) throws -> Void = { _ in },
        exchange: @escaping @Sendable (String, String) -> Bool = ReportWriter.renameExchange
    ) {
        self.beforeWritingFile = beforeWritingFile
        self.exchange = exchange
    }

    /// What one file of a folder holds: bytes, or a table encoded chunk by chunk as it is written
    /// (`breaches.csv` can be hundreds of megabytes; its text is never whole in memory).
    enum FileContent {
        case bytes([UInt8])
        case table(ReportTable)
        /// Rendered on another thread while the files before it are written.
        case rendering(BackgroundPage)
    }

    /// The six files of a report, in the order they are written: the CSV files, then the page
    /// (rendering meanwhile; its template error is thrown when its bytes are asked for).
    func contents(
        report: SLAReport,
        metadata: ReportMetadata
    ) -> [(
        name: String, content: FileContent
    )] {
        // The page renders on a second core while the CSV files are encoded and written (after
        // the streams, the database no longer needs the cores); a template error surfaces when
        // the page's turn comes, after the CSV files were staged, and still leaves the previous
        // folder as it was.
        let page = BackgroundPage(report: report, metadata: metadata)
        return ReportTable.all(of: report).map { (name: $0.fileName, content: .table($0)) }
            + [(name: Self.pageFileName, content: .rendering(page))]
    }

    /// The six files of a report as bytes, in the order they are written: the CSV files, then
    /// the page.
    /// - Throws: ``ReportWriterError`` if the page cannot be rendered.
    public func files(
        report: SLAReport,
        metadata: ReportMetadata
    ) throws(ReportWriterError) -> [(
        name: String, bytes: [UInt8]
    )] {
        var files: [(name: String, bytes: [UInt8])] = []
        for file in contents(report: report, metadata: metadata) {
            switch file.content {
            case .bytes(let bytes): files.append((name: file.name, bytes: bytes))
            case .table(let table): files.append((name: file.name, bytes: table.document.bytes))
            case .rendering(let page): files.append((name: file.name, bytes: try page.bytes()))
            }
        }
        return files
    }

    /// Writes the report into `directory`, replacing a previous report there atomically.
    ///
    /// - Parameters:
    ///   - report: The five tables.
    ///   - metadata: Period, `as_of`, watermark and settings for the page.
    ///   - directory: The report folder (`--out`); its parent is created when missing.
    /// - Throws: ``ReportWriterError`` when a file cannot be written or a rename fails; the
    ///   previous folder, if any, is then as it was and no staging folder is left behind.
    public func write(report: SLAReport, metadata: ReportMetadata, to directory: URL) throws(ReportWriterError) {
        try write(contents: contents(report: report, metadata: metadata), to: directory)
    }

    /// Writes `files` as the whole content of `directory`, with the same all-or-nothing
    /// replacement as a report (used by `chatsla tune` for its folder too).
    /// - Throws: ``ReportWriterError``; the previous folder, if any, is then as it was.
    public func write(files: [(name: String, bytes: [UInt8])], to directory: URL) throws(ReportWriterError) {
        try write(contents: files.map { (name: $0.name, content: .bytes($0.bytes)) }, to: directory)
    }

    private func write(
        contents files: [(name: String, content: FileContent)],
        to directory: URL
    ) throws(ReportWriterError) {
        let manager = FileManager.default
        let target = directory.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let token = UUID().uuidString
        let staging = parent.appendingPathComponent(".\(name).new-\(token)", isDirectory: true)

        try attempt("create", parent) { try manager.createDirectory(at: parent, withIntermediateDirectories: true) }
        let lock = open(parent.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard lock >= 0 else { throw .io("open", path: parent.path, underlying: Self.systemError()) }
        defer { close(lock) }
        try attempt("lock", parent) {
            while flock(lock, LOCK_EX) != 0 {
                guard errno == EINTR else { throw Self.systemError() }
            }
        }
        Self.removeLeftovers(of: name, in: parent)
        try attempt("create", staging) { try manager.createDirectory(at: staging, withIntermediateDirectories: false) }
        do {
            for file in files {
                let url = staging.appendingPathComponent(file.name, isDirectory: false)
                try attempt("write", url) {
                    try beforeWritingFile(file.name)
                    guard manager.createFile(atPath: url.path, contents: nil) else {
                        throw CocoaError(.fileWriteUnknown)
                    }
                    let handle = try FileHandle(forWritingTo: url)
                    defer { try? handle.close() }
                    switch file.content {
                    case .bytes(let bytes): try handle.write(contentsOf: bytes)
                    case .table(let table): try table.encode { try handle.write(contentsOf: $0) }
                    case .rendering(let page): try handle.write(contentsOf: try page.bytes())
                    }
                    // Flush to disk before the rename publishes the folder, so a crash right
                    // after it cannot leave a published report with empty files.
                    try handle.synchronize()
                }
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }

        guard manager.fileExists(atPath: target.path) else {
            do {
                try attempt("rename into place", staging) { try manager.moveItem(at: staging, to: target) }
            } catch {
                try? manager.removeItem(at: staging)
                throw error
            }
            Self.synchronizeBestEffort(parent)
            return
        }
        if exchange(staging.path, target.path) {
            // The new report is in place, the old one under the staging name: only disk space now.
            try? manager.removeItem(at: staging)
            Self.synchronizeBestEffort(parent)
            return
        }
        let previous = parent.appendingPathComponent(".\(name).old-\(token)", isDirectory: true)
        do {
            try attempt("move aside", target) { try manager.moveItem(at: target, to: previous) }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        do {
            try attempt("rename into place", staging) { try manager.moveItem(at: staging, to: target) }
        } catch {
            try? manager.moveItem(at: previous, to: target)
            try? manager.removeItem(at: staging)
            throw error
        }
        // The new report is in place; a leftover old folder is only disk space.
        try? manager.removeItem(at: previous)
        Self.synchronizeBestEffort(parent)
    }

    /// `renameat2(from, to, RENAME_EXCHANGE)`: swaps the two entries in one step.
    ///
    /// glibc's Swift module does not declare `renameat2` (it needs `_GNU_SOURCE`), so it is
    /// looked up by name; a C library without it, or a file system without the flag (`EINVAL`),
    /// gives `false` and the caller falls back to two renames.
    static let renameExchange: @Sendable (String, String) -> Bool = { from, to in
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchangeFlag: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, from, AT_FDCWD, to, renameExchangeFlag) == 0
        #else
        return false
        #endif
    }

    /// The C library's last error as a Swift error (`No such file or directory`, …).
    private static func systemError() -> any Error {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }

    /// Deletes the staging (`.NAME.new-*`) and set-aside (`.NAME.old-*`) folders of `name` that
    /// runs killed mid-write left in `parent`. Called under the parent's lock.
    private static func removeLeftovers(of name: String, in parent: URL) {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries where entry.hasPrefix(".\(name).new-") || entry.hasPrefix(".\(name).old-") {
            try? manager.removeItem(at: parent.appendingPathComponent(entry, isDirectory: true))
        }
    }

    /// Flushes a folder's entries (the renames) to disk where the platform allows it; the
    /// report is already correct on the file system without it.
    private static func synchronizeBestEffort(_ folder: URL) {
        guard let handle = try? FileHandle(forReadingFrom: folder) else { return }
        try? handle.synchronize()
        try? handle.close()
    }

    private func attempt(_ operation: String, _ url: URL, _ body: () throws -> Void) throws(ReportWriterError) {
        do {
            try body()
        } catch let error as ReportWriterError {
            throw error
        } catch {
            throw .io(operation, path: url.path, underlying: error)
        }
    }
}

/// `index.html` rendered on a global queue; `bytes()` waits for it.
final class BackgroundPage: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once on the rendering thread before `done` is left, read after waiting on it.
    private var result: Result<[UInt8], ReportWriterError>?

    init(report: SLAReport, metadata: ReportMetadata) {
        done.enter()
        DispatchQueue.global().async { [self] in
            result = Result { () throws(ReportWriterError) -> [UInt8] in
                Array(try ReportPage(report: report, metadata: metadata).render().utf8)
            }
            done.leave()
        }
    }

    /// The page's bytes, once rendered.
    /// - Throws: ``ReportWriterError`` if the template did not render.
    func bytes() throws(ReportWriterError) -> [UInt8] {
        done.wait()
        guard let result else { preconditionFailure("the page's rendering left without a result") }
        return try result.get()
    }
}

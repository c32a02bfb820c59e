import Foundation

/// Why a report could not be written. The previous report, if any, is left as it was.
public struct ReportWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Reason: Sendable, Hashable {
        case template(String)
        case io(operation: String, path: String, underlying: String)
        case injected(String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The page template did not parse.
    static func template(_ detail: String) -> ReportWriterError { ReportWriterError(.template(detail)) }

    /// A file-system operation failed.
    static func io(_ operation: String, path: String, underlying: any Error) -> ReportWriterError {
        ReportWriterError(.io(operation: operation, path: path, underlying: reason(underlying)))
    }

    /// The system's short reason ("File exists", "Permission denied") rather than a Cocoa dump.
    private static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        var text = error.localizedDescription
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A failure injected by a test.
    static func injected(_ detail: String) -> ReportWriterError { ReportWriterError(.injected(detail)) }

    public var description: String {
        switch reason {
        case .template(let detail): "The report page template is invalid: \(detail)"
        case .io(let operation, let path, let underlying):
            "could not \(operation) \(path): \(underlying); choose an --out folder you can write to "
                + "(the previous report there is unchanged)"
        case .injected(let detail): "Injected failure: \(detail)"
        }
    }
}

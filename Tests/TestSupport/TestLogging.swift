import Foundation
import Logging

/// The test process logs at `warning` and above (`CHATSLA_LOG_LEVEL` overrides it), so a test run
/// shows what went wrong rather than every ingested batch.
public enum TestLogging {
    /// Bootstraps the logging system once per process; later calls do nothing.
    public static func bootstrap() { _ = once }

    private static let once: Void = {
        let level =
            ProcessInfo.processInfo.environment["CHATSLA_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }()
}

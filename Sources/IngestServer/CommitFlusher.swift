import ChatStore
import Foundation
import Logging
import PostgresClient

/// Makes committed groups durable before they are answered, off the ingesting thread.
///
/// The ingesting session commits with `synchronous_commit = off`: its COMMIT returns before the
/// WAL is on disk, and the thread goes on with the next group at once. This thread then runs a
/// tiny transaction with `synchronous_commit = on` on a connection of its own: its commit record
/// comes after the groups' in the WAL, so flushing it flushes them too; only then are their
/// requests answered. One flush covers every group committed meanwhile, and it overlaps the next
/// group's statements instead of stalling them.
final class CommitFlusher: @unchecked Sendable {
    /// A committed group waiting for its flush.
    struct Waiting {
        /// Answers the group's requests (their events are durable).
        var succeed: () -> Void
        /// Answers them 503: the flush failed, the group may or may not have survived.
        var fail: (String) -> Void
    }

    private let databaseURL: String
    private let logger: Logger
    private let condition = NSCondition()
    private var waiting: [Waiting] = []
    private var stopping = false
    private var finished = false
    private let done = DispatchSemaphore(value: 0)

    init(databaseURL: String, logger: Logger) {
        self.databaseURL = databaseURL
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "chatsla.serve.flush"
        thread.start()
    }

    /// Queues a committed group; it is answered after the next flush.
    func enqueue(_ group: Waiting) {
        condition.lock()
        waiting.append(group)
        condition.signal()
        condition.unlock()
    }

    /// Flushes what is queued, then ends the thread; returns once it has ended.
    func stopAndWait() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }

    private func run() {
        var connection: PostgresConnection?
        while true {
            condition.lock()
            while waiting.isEmpty, !stopping { condition.wait() }
            let groups = waiting
            waiting = []
            let end = stopping && groups.isEmpty
            condition.unlock()
            if end { break }
            do {
                let current: PostgresConnection
                if let connection {
                    current = connection
                } else {
                    current = try PostgresConnection(url: databaseURL, connectTimeoutSeconds: 5)
                    do {
                        try Ingester.prepareFlusher(current)
                    } catch {
                        current.close()
                        throw error
                    }
                    connection = current
                }
                try Ingester.flushCommits(on: current)
                for group in groups { group.succeed() }
            } catch {
                logger.error("the commit flush failed", metadata: ["error": "\(error)", "groups": "\(groups.count)"])
                connection?.close()
                connection = nil
                let reason =
                    "the database failed before the request's commit was on disk (it may or may not have been "
                    + "kept): \(error)"
                for group in groups { group.fail(reason) }
            }
        }
        connection?.close()
        done.signal()
    }
}

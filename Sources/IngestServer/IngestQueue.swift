import ChatDomain
import ChatStore
import Foundation
import Logging
import PostgresClient

/// The single ingesting thread of `chatsla serve` and the bounded queue in front of it.
///
/// ```swift
/// let queue = IngestQueue(configuration: configuration, metrics: metrics, logger: logger)
/// queue.start()
/// let answer = await queue.submit(body)   // resumes once the body's transaction is committed
/// ```
/// Requests are applied in arrival order by one ``Ingester`` (the database-wide ingestion lock
/// stays with this process). Whatever is waiting when the thread turns to the queue is taken
/// together, up to ``IngestServerConfiguration/groupLines`` lines, and committed in ONE
/// transaction (group commit): many small webhooks share one commit and one WAL flush.
///
/// When the database fails, the group in hand is rolled back and answered 503, the ingester is
/// discarded (its in-memory state may be ahead of the tables), and the thread reconnects every
/// ``IngestServerConfiguration/reconnectInterval``; meanwhile every request is answered 503 at
/// once. A new ingester restores its state from what was committed, so no restart is needed.
final class IngestQueue: @unchecked Sendable {
    /// What a submitted body gets.
    enum Answer: Sendable {
        case committed([LineOutcome])
        /// The database is unreachable, or failed while the body was in hand (nothing of it was kept).
        case unavailable(String)
        /// The queue holds too many lines: retry later.
        case full
        /// The server is stopping and takes no new work.
        case stopping
    }

    /// Whether the database can be written to, as `/healthz` tells.
    enum Health: Sendable, Equatable {
        case starting
        case ready
        case unavailable(String)
    }

    private struct Pending {
        var body: EventBody
        var resume: @Sendable (Answer) -> Void
    }

    private let configuration: IngestServerConfiguration
    private let metrics: IngestMetrics
    private let flusher: CommitFlusher
    private let logger: Logger
    // Everything below is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var pendingHead = 0
    private var queuedLines = 0
    /// Requests queued or being committed.
    private var inHand = 0
    private var stopping = false
    private var finished = false
    private var health = Health.starting
    private var onFinish: [@Sendable () -> Void] = []
    private var finalTimings: [String: Duration] = [:]

    /// Time the last ingester spent per phase and statement, once the thread has ended.
    var timings: [String: Duration] {
        condition.lock()
        defer { condition.unlock() }
        return finalTimings
    }

    init(configuration: IngestServerConfiguration, metrics: IngestMetrics, logger: Logger) {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        flusher = CommitFlusher(databaseURL: configuration.databaseURL, logger: logger)
    }

    /// The database's state as last seen by the ingesting thread.
    var currentHealth: Health {
        condition.lock()
        defer { condition.unlock() }
        return health
    }

    /// Starts the ingesting thread (it connects at once).
    func start() {
        flusher.start()
        let thread = Thread { [self] in run() }
        thread.name = "chatsla.serve.ingest"
        thread.start()
    }

    /// Queues `body` and waits until its transaction is committed (or refused).
    ///
    /// - Complexity: O(1) to queue; the wait is the time to the commit of the body's group.
    func submit(_ body: EventBody) async -> Answer {
        await withCheckedContinuation { (continuation: CheckedContinuation<Answer, Never>) in
            let resume: @Sendable (Answer) -> Void = { continuation.resume(returning: $0) }
            condition.lock()
            let refusal: Answer?
            if stopping {
                refusal = .stopping
            } else if case .unavailable(let reason) = health {
                refusal = .unavailable(reason)
            } else if queuedLines > 0, queuedLines + body.count > configuration.queueLines {
                // An empty queue takes any body (up to the body limit), so a large one is never refused forever.
                refusal = .full
            } else {
                refusal = nil
                let metrics = metrics
                let condition = condition
                pending.append(
                    Pending(body: body) { [self] answer in
                        condition.lock()
                        inHand -= 1
                        metrics.inHand(inHand)
                        condition.unlock()
                        resume(answer)
                    }
                )
                queuedLines += body.count
                inHand += 1
                metrics.inHand(inHand)
                metrics.queue(requests: pending.count - pendingHead, lines: queuedLines)
                condition.signal()
            }
            condition.unlock()
            if let refusal { resume(refusal) }
        }
    }

    /// Stops taking work; the thread finishes what is queued, then ends.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// Calls `done` once the thread has ended (its last commit done), at once if it has.
    func whenFinished(_ done: @escaping @Sendable () -> Void) {
        condition.lock()
        let alreadyFinished = finished
        if !alreadyFinished { onFinish.append(done) }
        condition.unlock()
        if alreadyFinished { done() }
    }

    // MARK: - The ingesting thread

    private func run() {
        var session: (connection: PostgresConnection, ingester: Ingester)?
        var reconnectNow = true
        while true {
            condition.lock()
            // Wait for work; without any, check the connection now and then (so /healthz tells),
            // or try to reconnect when there is none.
            let deadline = Date().addingTimeInterval(
                (session == nil ? configuration.reconnectInterval : configuration.pingInterval).seconds
            )
            while pendingHead == pending.count, !stopping, !reconnectNow {
                if !condition.wait(until: deadline) { break }
            }
            let hasWork = pendingHead < pending.count
            if stopping, !hasWork {
                condition.unlock()
                break
            }
            condition.unlock()
            reconnectNow = false

            guard let current = session ?? connect() else {
                // Everything in hand is answered 503: the client retries, ids make it harmless.
                for request in takeAll() { request.resume(.unavailable(unavailableReason)) }
                continue
            }
            session = current
            guard hasWork else {
                do {
                    try current.ingester.checkConnection()
                } catch {
                    current.connection.close()
                    session = nil
                    setHealth(.unavailable("the database is unavailable: \(error)"))
                }
                continue
            }
            var group = takeGroup()
            // The groups in hand: the one being written and the next one, applied meanwhile.
            var inHand = group
            do {
                let ingester = current.ingester
                var started = ContinuousClock.now
                var applied = try ingester.apply(try ingester.classify(bodies: group.map(\.body)))
                while true {
                    // The next group is classified before this one's write starts (classifying
                    // reads the tables), and applied while it runs: its rules overlap the write.
                    // Only a large next group: a small one is better left to grow while this
                    // one is written (more requests share the next commit).
                    let next = ingester.overlapsGroups ? takeGroup(ifAtLeast: configuration.overlapLines) : []
                    inHand = group + next
                    let nextClassified = next.isEmpty ? nil : try ingester.classify(bodies: next.map(\.body))
                    // Alone, the group is written on this thread (finishWrite): no hand-over.
                    if nextClassified != nil { ingester.startWrite(applied) }
                    let nextApplied: Ingester.AppliedGroup?
                    do {
                        nextApplied = try nextClassified.map { try ingester.apply($0) }
                    } catch {
                        _ = try? ingester.finishWrite(applied)
                        throw error
                    }
                    let (outcomes, redo) = try ingester.finishWrite(applied)
                    answer(group, outcomes, seconds: (ContinuousClock.now - started).seconds)
                    inHand = next
                    guard !next.isEmpty, let nextApplied else { break }
                    started = ContinuousClock.now
                    group = next
                    // A group refused for its data was written again alone: the next one was
                    // applied on top of changes that are gone.
                    applied = redo ? try ingester.apply(try ingester.classify(bodies: next.map(\.body))) : nextApplied
                }
            } catch {
                logger.error(
                    "the batch in hand was rolled back; reconnecting",
                    metadata: ["error": "\(error)", "requests": "\(inHand.count)"]
                )
                current.connection.close()
                session = nil
                let reason = "the database failed while the request was in hand (nothing of it was kept): \(error)"
                for request in inHand { request.resume(.unavailable(reason)) }
                // Reconnect at once: a failed statement need not mean the server is gone.
                reconnectNow = true
            }
        }
        session?.connection.close()
        flusher.stopAndWait()
        condition.lock()
        if let timings = session?.ingester.timings { finalTimings = timings }
        finished = true
        let callbacks = onFinish
        onFinish = []
        condition.unlock()
        for callback in callbacks { callback() }
    }

    /// Hands a committed group to the flusher, which answers its requests once it is on disk.
    private func answer(_ group: [Pending], _ outcomes: [[LineOutcome]], seconds: Double) {
        let lines = group.reduce(0) { $0 + $1.body.count }
        metrics.batch(requests: group.count, lines: lines, seconds: seconds)
        let metrics = metrics
        flusher.enqueue(
            CommitFlusher.Waiting(
                succeed: {
                    for (request, result) in zip(group, outcomes) {
                        metrics.count(result)
                        request.resume(.committed(result))
                    }
                },
                fail: { reason in
                    for request in group { request.resume(.unavailable(reason)) }
                }
            )
        )
    }

    private var unavailableReason: String {
        condition.lock()
        defer { condition.unlock() }
        if case .unavailable(let reason) = health { return reason }
        return "the database is unavailable"
    }

    /// Opens a connection and an ingester (which takes the lock and restores the state).
    private func connect() -> (connection: PostgresConnection, ingester: Ingester)? {
        do {
            let connection = try PostgresConnection(url: configuration.databaseURL, connectTimeoutSeconds: 5)
            do {
                try Ingester.identify(connection, as: configuration.sessionName)
                let ingester = try Ingester(
                    connection: connection,
                    logger: logger,
                    batchSize: configuration.groupLines,
                    messagesInMemory: configuration.messagesInMemory,
                    stateLoading: configuration.stateLoading
                )
                try ingester.prepareForRequests()
                setHealth(.ready)
                return (connection, ingester)
            } catch {
                connection.close()
                throw error
            }
        } catch {
            setHealth(.unavailable("the database is unavailable: \(error)"))
            return nil
        }
    }

    private func setHealth(_ new: Health) {
        condition.lock()
        let old = health
        health = new
        condition.unlock()
        metrics.databaseUp(new == .ready)
        guard old != new else { return }
        switch new {
        case .ready: logger.notice("the database is ready; ingesting")
        case .unavailable(let reason):
            logger.error("answering 503 until the database is back", metadata: ["reason": "\(reason)"])
        case .starting: break
        }
    }

    /// The requests waiting now, up to `groupLines` lines (at least one request), in arrival order;
    /// none when fewer than `minimum` lines wait.
    private func takeGroup(ifAtLeast minimum: Int = 0) -> [Pending] {
        condition.lock()
        defer { condition.unlock() }
        guard queuedLines >= minimum else { return [] }
        var group: [Pending] = []
        var lines = 0
        while pendingHead < pending.count {
            let next = pending[pendingHead]
            if !group.isEmpty, lines + next.body.count > configuration.groupLines { break }
            group.append(next)
            lines += next.body.count
            pendingHead += 1
        }
        dequeued(lines)
        return group
    }

    private func takeAll() -> [Pending] {
        condition.lock()
        defer { condition.unlock() }
        let all = Array(pending[pendingHead...])
        pendingHead = pending.count
        dequeued(all.reduce(0) { $0 + $1.body.count })
        return all
    }

    /// Bookkeeping after taking `lines` lines off the queue (the lock is held).
    private func dequeued(_ lines: Int) {
        queuedLines -= lines
        if pendingHead > 1024, pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        metrics.queue(requests: pending.count - pendingHead, lines: queuedLines)
    }
}

import Dispatch
import Foundation
import PostgresClient
import SLAAnalytics

extension ReportPipeline {
    /// A period's dialogs extracted once into memory, for replays under other settings.
    public struct Snapshot: Sendable {
        public var configuration: ReportConfiguration
        public var watermark: IngestWatermark
        public var dialogs: [DialogHistory]
        public var rowsRead: Int
    }

    /// Extracts the dialogs the period's SLA figures depend on (those with a fact at or after the
    /// period's start), on `workers` connections, into memory.
    ///
    /// Dialogs whose every fact precedes the period hold no episode of it; they are dropped
    /// (they only matter to workload figures, which tuning does not show).
    /// - Complexity: O(facts) rows read; memory O(facts of the kept dialogs).
    public func snapshot(_ parameters: ReportParameters) throws -> Snapshot {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let extraction = ReportExtraction(connection: connection)
        try extraction.refreshStaleStatistics()
        try extraction.setAsOf(parameters.asOf)
        let configuration = try extraction.configuration(parameters)
        let watermark = try extraction.watermark()
        let periodStart = configuration.periodStart
        let shares = SnapshotShares(count: workers)
        let url = self.url
        let workers = self.workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            shares.set(
                worker,
                Swift.Result {
                    let connection = try PostgresConnection(url: url)
                    defer { connection.close() }
                    let extraction = ReportExtraction(connection: connection)
                    try extraction.setAsOf(parameters.asOf, worker: worker, of: workers)
                    var dialogs: [DialogHistory] = []
                    let rows = try extraction.streamDialogs { dialog in
                        if dialog.facts.contains(where: { $0.at >= periodStart }) { dialogs.append(dialog) }
                    }
                    return (dialogs, rows)
                }
            )
        }
        var dialogs: [DialogHistory] = []
        var rows = 0
        for share in shares.all() {
            let (part, count) = try share.get()
            dialogs += part
            rows += count
        }
        return Snapshot(configuration: configuration, watermark: watermark, dialogs: dialogs, rowsRead: rows)
    }
}

/// Dialogs of the workers, written from their threads.
private final class SnapshotShares: @unchecked Sendable {
    private let lock = NSLock()
    private var shares: [Swift.Result<([DialogHistory], Int), any Error>?]

    init(count: Int) {
        shares = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ share: Swift.Result<([DialogHistory], Int), any Error>) {
        lock.lock()
        shares[index] = share
        lock.unlock()
    }

    func all() -> [Swift.Result<([DialogHistory], Int), any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return shares.map { $0 ?? .failure(StoreError("an extraction worker did not finish")) }
    }
}

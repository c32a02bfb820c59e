import ChatStore
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
    /// The workers read through the report's extraction (``ReportPipeline/Extent``): with the
    /// default extent, only the dialogs that can change a figure of the period.
    /// Dialogs whose every fact precedes the period hold no episode of it; they are dropped
    /// (they only matter to workload figures, which tuning does not show).
    /// - Complexity: O(facts) rows read; memory O(facts of the kept dialogs).
    public func snapshot(_ parameters: ReportParameters) throws -> Snapshot {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let extraction = ReportExtraction(connection: connection)
        try extraction.refreshStaleStatistics()
        // One snapshot for every connection, as for the report (see ``ReportPipeline``).
        let shared = try SharedSnapshot.export(on: connection)
        try extraction.setAsOf(parameters.asOf)
        let configuration = try extraction.configuration(parameters)
        try Self.checkChannelFilter(parameters, configuration: configuration)
        let watermark = try extraction.watermark()
        let periodStart = configuration.periodStart
        try afterSnapshotExport?()
        let (groups, _, rows) = try readGrouped(
            asOf: parameters.asOf,
            period: try extractionPeriod(configuration, firstMessage: extraction.firstMessageInstant()),
            snapshot: shared,
            blocks: try TableBlocks.read(on: connection),
            readsOrders: false,
            started: ContinuousClock.now
        )
        try SharedSnapshot.end(on: connection)
        let parts = workers
        let shares = Self.inParallel(parts) { part in
            var dialogs: [DialogHistory] = []
            try groups.forEachDialog(part: part) { dialog in
                guard dialog.facts.contains(where: { $0.at >= periodStart }) else { return }
                // A copy of the facts at their own size: the replayed buffer is reused for the
                // next dialog and holds room for hundreds of facts (kept as is, it made the
                // snapshot of 1M messages 1.3 GB).
                var kept = dialog
                kept.facts = []
                kept.facts.reserveCapacity(dialog.facts.count)
                kept.facts.append(contentsOf: dialog.facts)
                dialogs.append(kept)
            }
            return dialogs
        }
        var dialogs: [DialogHistory] = []
        for share in shares { dialogs += try share.get() }
        return Snapshot(configuration: configuration, watermark: watermark, dialogs: dialogs, rowsRead: rows)
    }
}

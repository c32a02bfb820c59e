import ChatStore
import Foundation
import Reports
import SLAAnalytics

extension ReportPipeline.Result {
    /// Writes the five CSV files and index.html atomically into `folder`.
    ///
    /// - Parameters:
    ///   - folder: replaced as a whole (see ``ReportWriter``).
    ///   - previous: the run of the period before, for the page's changes.
    ///   - currency: shown beside money on the page only.
    /// - Throws: the writer's errors (the folder as it was is then kept).
    public func write(
        to folder: String,
        previous: ReportPipeline.Result? = nil,
        currency: String? = nil
    ) throws {
        var metadata = ReportMetadata(
            configuration: configuration,
            watermark: DataWatermark(watermark, timeZone: configuration.parameters.timeZone.foundation)
        )
        metadata.currency = currency
        if let previous {
            let parameters = previous.configuration.parameters
            metadata.previous = ReportMetadata.PreviousPeriod(
                from: parameters.from,
                to: parameters.to,
                report: previous.report
            )
        }
        try ReportWriter().write(report: report, metadata: metadata, to: URL(fileURLWithPath: folder))
    }
}

extension DataWatermark {
    /// The page's watermark: the latest accepted event in the report's zone, and how many were accepted.
    init(_ watermark: IngestWatermark, timeZone: TimeZone) {
        self.init(
            lastEventAt: watermark.latestEventAt.map { ReportTimestamp(instant: $0, timeZone: timeZone) },
            eventCount: Int(watermark.acceptedEvents)
        )
    }
}

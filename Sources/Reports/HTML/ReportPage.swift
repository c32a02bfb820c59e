internal import Mustache
import SLAAnalytics

/// The report's `index.html`: one self-contained page (inline CSS and SVG, no script, nothing
/// loaded from elsewhere) with the period, data watermark and settings used, the SLA per
/// channel, daily trends, manager workload, conversion and revenue, and the worst breaches.
///
/// ```swift
/// let html = try ReportPage(report: report, metadata: metadata).render()
/// ```
///
/// Rendering is deterministic: the same report and metadata give the same bytes. Every string
/// from the data is HTML-escaped by the Mustache template.
public struct ReportPage: Sendable {
    public let report: SLAReport
    public let metadata: ReportMetadata

    public init(report: SLAReport, metadata: ReportMetadata) {
        self.report = report
        self.metadata = metadata
    }

    /// The page's HTML.
    /// - Returns: A complete HTML5 document.
    /// - Throws: ``ReportWriterError`` when the built-in template does not parse (a bug).
    public func render() throws(ReportWriterError) -> String {
        try Self.render(ReflectedModel.box(PageModel(report: report, metadata: metadata)))
    }

    /// The template rendered over `model`: the page model, or its boxed form
    /// (``ReflectedModel``), which renders to the same bytes, faster.
    static func render(_ model: Any) throws(ReportWriterError) -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: ReportPageTemplate.text)
        } catch {
            throw .template(String(describing: error))
        }
        return template.render(model)
    }
}

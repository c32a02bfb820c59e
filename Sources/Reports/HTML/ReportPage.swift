import Dispatch
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
    ///
    /// On two cores: the template's halves (``ReportPageTemplate/halves``) are parsed while the
    /// model is built, the model's fields are boxed at once, and the halves are rendered at once
    /// and joined; the same bytes as the whole template rendered in one piece over the boxed
    /// model. A report's page is rendered after the database's work, beside the CSV files, and
    /// was the last of a day's files at 1M dialogs (90 ms of CPU on one thread).
    /// - Returns: A complete HTML5 document.
    /// - Throws: ``ReportWriterError`` when the built-in template does not parse (a bug).
    public func render() throws(ReportWriterError) -> String {
        let halves = ReportPageTemplate.halves
        let built = Slots<PageModel>(count: 1)
        let templates = Slots<Result<MustacheTemplate, ReportWriterError>>(count: halves.count)
        let (report, metadata) = (report, metadata)
        DispatchQueue.concurrentPerform(iterations: 1 + halves.count) { task in
            if task == 0 {
                built.set(0, PageModel(report: report, metadata: metadata))
            } else {
                templates.set(task - 1, Self.parse(halves[task - 1]))
            }
        }
        let parsed = try halves.indices.map { index throws(ReportWriterError) in try templates.value(index).get() }
        let model = Slots<Any>(count: 1)
        model.set(0, ReflectedModel.box(built.value(0)))
        let pages = Slots<String>(count: parsed.count)
        DispatchQueue.concurrentPerform(iterations: parsed.count) { half in
            pages.set(half, parsed[half].render(model.value(0)))
        }
        return (0..<parsed.count).map { pages.value($0) }.joined()
    }

    /// The whole template rendered in one piece over `model`: the page model, or its boxed form
    /// (``ReflectedModel``), which renders to the same bytes, faster.
    static func render(_ model: Any) throws(ReportWriterError) -> String {
        try parse(ReportPageTemplate.text).get().render(model)
    }

    private static func parse(_ text: String) -> Result<MustacheTemplate, ReportWriterError> {
        do {
            return .success(try MustacheTemplate(string: text))
        } catch {
            return .failure(.template(String(describing: error)))
        }
    }
}

import SLAAnalytics
import Testing

@testable import Reports

/// The page renders from the page model reflected once into dictionaries (``ReflectedModel``)
/// exactly as from the model's structs, which swift-mustache reflects at every name it looks up.
@Suite struct ReflectedModelTests {
    static func metadatas() -> [ReportMetadata] {
        var withCurrency = ReportFixture.metadata
        withCurrency.currency = "EUR"
        var withPrevious = ReportFixture.metadata
        var before = ReportFixture.report
        before.channels[0].episodes = 5
        withPrevious.previous = ReportMetadata.PreviousPeriod(
            from: LocalDate(year: 2026, month: 2, day: 22),
            to: LocalDate(year: 2026, month: 2, day: 28),
            report: before
        )
        return [ReportFixture.metadata, withCurrency, withPrevious]
    }

    @Test(arguments: metadatas())
    func theBoxedModelRendersTheSameBytesAsTheStructs(metadata: ReportMetadata) throws {
        for report in [
            ReportFixture.report, SLAReport(channels: [], breaches: [], managers: [], orders: [], daily: []),
        ] {
            let model = PageModel(report: report, metadata: metadata)
            let reflectedAtEachName = try ReportPage.render(model)
            let boxed = try ReportPage.render(ReflectedModel.box(model))
            #expect(Array(boxed.utf8) == Array(reflectedAtEachName.utf8))
            #expect(reflectedAtEachName.count > 1_000)
        }
    }

    /// `render()` parses the template's two halves beside the boxing and renders them at once.
    @Test(arguments: metadatas())
    func theHalvesRenderedAtOnceGiveTheWholeTemplatesBytes(metadata: ReportMetadata) throws {
        #expect(ReportPageTemplate.halves.joined() == ReportPageTemplate.text)
        #expect(ReportPageTemplate.halves.allSatisfy { !$0.isEmpty })
        for report in [
            ReportFixture.report, SLAReport(channels: [], breaches: [], managers: [], orders: [], daily: []),
        ] {
            let whole = try ReportPage.render(PageModel(report: report, metadata: metadata))
            let page = try ReportPage(report: report, metadata: metadata).render()
            #expect(Array(page.utf8) == Array(whole.utf8))
            #expect(page.contains("<section id=\"conversion\">"))
        }
    }

    @Test func optionalsAreUnwrappedAndNoneLeftOutAsReflectionDoes() throws {
        struct Line {
            var name: String
            var note: String?
            var missing: Int?
            var items: [Int]
        }
        let boxed = try #require(
            ReflectedModel.box(Line(name: "a", note: "n", missing: nil, items: [1, 2])) as? [String: Any]
        )
        #expect(boxed["name"] as? String == "a")
        #expect(boxed["note"] as? String == "n")
        #expect(boxed.keys.contains("missing") == false)
        #expect((boxed["items"] as? [Any])?.compactMap { $0 as? Int } == [1, 2])
    }
}

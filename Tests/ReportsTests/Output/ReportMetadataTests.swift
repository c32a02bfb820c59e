import Foundation
import SLAAnalytics
import Testing

@testable import Reports

@Suite struct ReportMetadataTests {
    @Test func aTimestampTakesTheTimeZonesOffsetAtThatInstant() throws {
        let kathmandu = try #require(TimeZone(identifier: "Asia/Kathmandu"))
        #expect(ReportTimestamp(instant: 0, timeZone: kathmandu).description == "1970-01-01T05:30:00+05:30")
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // 2026-03-08 06:59:59 UTC is 01:59:59 EST; one second later the clocks jump to EDT.
        let beforeJump = Int64(1_772_953_199) * 1_000_000
        #expect(ReportTimestamp(instant: beforeJump, timeZone: newYork).description == "2026-03-08T01:59:59-05:00")
        #expect(
            ReportTimestamp(instant: beforeJump + 1_000_000, timeZone: newYork).description
                == "2026-03-08T03:00:00-04:00"
        )
    }

    @Test func metadataFromAConfigurationCarriesPeriodAsOfFilterNamesAndPolicy() throws {
        let madrid = try #require(NamedTimeZone("Europe/Madrid"))
        let asOf = Int64(1_772_409_600) * 1_000_000  // 2026-03-02T00:00:00Z
        let configuration = try ReportConfiguration(
            parameters: ReportParameters(
                from: LocalDate(year: 2026, month: 3, day: 1),
                to: LocalDate(year: 2026, month: 3, day: 1),
                timeZone: madrid,
                asOf: asOf,
                channelFilter: ["wa", "tg"]
            ),
            channels: [
                ChannelInfo(key: 1, sourceID: "tg", name: "Telegram", store: 1),
                ChannelInfo(key: 2, sourceID: "wa", name: "WhatsApp", store: 1),
            ],
            stores: [StoreInfo(key: 1, sourceID: "s1", name: "Shop")],
            users: [],
            bots: [],
            timeLimits: [],
            policies: [PolicySetting(clockStart: .firstUnanswered, botRepliesStopClock: true, effectiveAt: 0, seq: 1)]
        )
        let watermark = DataWatermark(lastEventAt: nil, eventCount: 0)

        let metadata = ReportMetadata(configuration: configuration, watermark: watermark)

        #expect(metadata.from.description == "2026-03-01")
        #expect(metadata.to.description == "2026-03-01")
        #expect(metadata.timeZoneIdentifier == "Europe/Madrid")
        #expect(metadata.asOf.description == "2026-03-02T01:00:00+01:00")
        #expect(metadata.channelFilter == ["tg", "wa"])
        #expect(metadata.channelNames == ["tg": "Telegram", "wa": "WhatsApp"])
        #expect(metadata.clockStart == .firstUnanswered)
        #expect(metadata.botRepliesStopClock)
        #expect(metadata.generatedAt == nil)
        #expect(metadata.watermark == watermark)
    }

    @Test func theZoneKeepsTheNameTheUserGaveIt() throws {
        // Foundation calls UTC "GMT"; the page and the tune page say what the user wrote.
        let utc = try #require(NamedTimeZone("UTC"))
        #expect(utc.foundation.identifier == "GMT")
        #expect(NamedTimeZone.utc == utc)
        let configuration = try ReportConfiguration(
            parameters: ReportParameters(
                from: LocalDate(year: 2026, month: 3, day: 1),
                to: LocalDate(year: 2026, month: 3, day: 1),
                timeZone: utc,
                asOf: 0
            ),
            channels: [],
            stores: [],
            users: [],
            bots: [],
            timeLimits: [],
            policies: []
        )
        let metadata = ReportMetadata(
            configuration: configuration,
            watermark: DataWatermark(lastEventAt: nil, eventCount: 0)
        )
        #expect(metadata.timeZoneIdentifier == "UTC")
        #expect(NamedTimeZone("Mars/Olympus") == nil)
    }

    @Test func aMissingWatermarkInstantShowsAsADash() throws {
        var metadata = ReportFixture.metadata
        metadata.watermark = DataWatermark(lastEventAt: nil, eventCount: 0)
        let html = try ReportPage(report: ReportFixture.report, metadata: metadata).render()
        #expect(html.contains("last event —; 0 events ingested"))
    }
}

import ChatDomain
import EventGenerator
import Testing

@Suite struct SmokeTests {
    @Test func smallRunProducesEventsOfEveryType() {
        let summary = EventGenerator(configuration: GeneratorConfiguration(dialogs: 2000, seed: 1, businessHours: true))
            .forEachLine { _ in }
        for type in EventType.allCases {
            #expect(summary[type] > 0, "no \(type.rawValue)")
        }
    }
}

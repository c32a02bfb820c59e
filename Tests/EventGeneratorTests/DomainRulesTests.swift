import EventGenerator
import Foundation
import Testing

@Suite struct DomainRulesTests {
    @Test func everyEventPassesAStrictReadingOfTheDomainRules() {
        var referee = DomainReferee()
        for event in GeneratedFixture.events() {
            referee.apply(event)
        }
        #expect(referee.violations.isEmpty, "\(referee.violations.joined(separator: "\n"))")
        #expect(referee.sendsChecked > 10_000)
    }

    @Test func otherSeedsAndShortWindowsAlsoPass() {
        for (seed, days) in [(1, 3), (77, 12), (12_345, 45)] as [(UInt64, Int)] {
            var referee = DomainReferee()
            for line in EventGenerator(configuration: GeneratorConfiguration(dialogs: 600, days: days, seed: seed))
                .lines
            {
                let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
                referee.apply(object)
            }
            #expect(referee.violations.isEmpty, "seed \(seed): \(referee.violations.joined(separator: "\n"))")
        }
    }

    @Test func timeNeverGoesBackwardsExceptAFewLateCustomerMessages() {
        var referee = DomainReferee()
        for event in GeneratedFixture.events() {
            referee.apply(event)
        }
        #expect(referee.lateEvents > 0)
        #expect(referee.lateEvents < GeneratedFixture.lines.count / 500)
    }
}

import ChatDomain
import Testing

@testable import EventGenerator

@Suite struct JSONLineWriterTests {
    private func line(_ build: (inout JSONLineWriter) -> Void) -> String {
        var writer = JSONLineWriter()
        build(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func timestampsAreRFC3339WithANumericOffset() {
        // 2028-02-29T23:59:59.000001Z, written in UTC and at +03:00 (the next day).
        let micros: Int64 = (CivilDate.days(year: 2028, month: 2, day: 29) * 86_400 + 86_399) * 1_000_000 + 1
        let utc = line { $0.beginEvent(id: 1, type: .clockTick, at: micros) }
        #expect(utc == #"{"id":"e1","type":"clock.tick","at":"2028-02-29T23:59:59.000001+00:00""#)
        let moscow = line { $0.beginEvent(id: 2, type: .clockTick, at: micros, offsetHours: 3) }
        #expect(moscow.hasSuffix(#""at":"2028-03-01T02:59:59.000001+03:00""#))
        let whole = line { $0.timestamp("due", 0) }
        #expect(whole == #""due":"1970-01-01T00:00:00+00:00""#)
    }

    @Test func moneyKeepsAtMostTwoDecimals() {
        #expect(line { $0.money("a", cents: 129_050) } == #""a":"1290.50""#)
        #expect(line { $0.money("a", cents: 129_000) } == #""a":"1290""#)
        #expect(line { $0.money("a", cents: 5) } == #""a":"0.05""#)
        #expect(line { $0.money("a", cents: -350) } == #""a":"-3.50""#)
    }

    @Test func textIsEscaped() {
        let text = line { $0.string("t", "a \"b\" \\ c\nd\u{1}é") }
        #expect(text == #""t":"a \"b\" \\ c\nd\u0001é""#)
    }
}

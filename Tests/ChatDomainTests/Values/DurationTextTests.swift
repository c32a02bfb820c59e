import ChatDomain
import Testing

@Suite struct DurationTextTests {
    @Test func acceptsSecondsMinutesHoursAndPlainNumbers() {
        #expect(DurationText.seconds("90s") == 90)
        #expect(DurationText.seconds("5m") == 300)
        #expect(DurationText.seconds("1h30m") == 5_400)
        #expect(DurationText.seconds("1h30m15s") == 5_415)
        #expect(DurationText.seconds("600") == 600)
        #expect(DurationText.seconds(" 2M ") == 120)
    }

    @Test func rejectsWhatIsNotADuration() {
        for text in ["", "m", "5x", "30m1h", "1h1h", "-30", "5m3", "1.5m"] {
            #expect(DurationText.seconds(text) == nil, "\(text)")
        }
    }

    @Test func spellsTheShortestForm() {
        #expect(DurationText.text(45) == "45s")
        #expect(DurationText.text(90) == "1m30s")
        #expect(DurationText.text(300) == "5m")
        #expect(DurationText.text(5_400) == "1h30m")
    }
}

import Testing

@testable import Reports

@Suite struct TerminalTextTests {
    @Test func controlAndBidiCharactersFromTheDataAreWrittenAsEscapes() {
        #expect(TerminalText.escaped("tg-main") == "tg-main")
        #expect(TerminalText.escaped("ch\r1\tx\n") == #"ch\r1\tx\n"#)
        #expect(TerminalText.escaped("\u{1B}[31mred") == #"\u{1B}[31mred"#)
        #expect(TerminalText.escaped("a\u{202E}b\u{2066}c\u{7F}\u{85}") == #"a\u{202E}b\u{2066}c\u{7F}\u{85}"#)
        // A backslash in the data is doubled, so an escape always stands for one character.
        #expect(TerminalText.escaped(#"a\r"#) == #"a\\r"#)
        #expect(TerminalText.escaped("Київ — ok") == "Київ — ok")
    }
}

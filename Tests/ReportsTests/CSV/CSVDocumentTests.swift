import Testing

@testable import Reports

@Suite struct CSVDocumentTests {
    private func encode(_ cells: [String], kinds: [CSVColumnKind]) -> String {
        var document = CSVDocument(header: Array(repeating: "h", count: cells.count), columnKinds: kinds)
        document.append(cells)
        // Compare bytes: a Swift Character would merge "\r\n" into one.
        let headerLine = Array((document.header.joined(separator: ",") + "\r\n").utf8)
        return String(decoding: document.bytes.dropFirst(headerLine.count), as: UTF8.self)
    }

    @Test func everyLineEndsWithCRLFIncludingTheLast() {
        var document = CSVDocument(header: ["a", "b"], columnKinds: [.text, .figure])
        document.append(["x", "1"])
        document.append(["y", "2"])
        #expect(document.text == "a,b\r\nx,1\r\ny,2\r\n")
    }

    @Test func plainCellsAreNotQuoted() {
        #expect(encode(["plain text", "12.5", ""], kinds: [.text, .figure, .figure]) == "plain text,12.5,\r\n")
    }

    @Test func cellsWithQuoteCommaCarriageReturnOrLineFeedAreQuotedWithInnerQuotesDoubled() {
        #expect(encode(["a,b"], kinds: [.text]) == "\"a,b\"\r\n")
        #expect(encode(["say \"hi\""], kinds: [.text]) == "\"say \"\"hi\"\"\"\r\n")
        #expect(encode(["one\ntwo"], kinds: [.text]) == "\"one\ntwo\"\r\n")
        #expect(encode(["one\r\ntwo"], kinds: [.text]) == "\"one\r\ntwo\"\r\n")
        #expect(encode(["one\rtwo"], kinds: [.text]) == "\"one\rtwo\"\r\n")
    }

    @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\")"])
    func textCellsThatLookLikeFormulasGetAnApostrophe(cell: String) {
        let encoded = encode([cell], kinds: [.text])
        #expect(encoded.hasPrefix("'") || encoded.hasPrefix("\"'"))
        #expect(CSVDocument.neutralised(cell) == "'" + cell)
    }

    @Test func aTextCellStartingWithCarriageReturnIsNeutralisedAndQuoted() {
        #expect(encode(["\r=1"], kinds: [.text]) == "\"'\r=1\"\r\n")
        #expect(encode(["\r\n=1"], kinds: [.text]) == "\"'\r\n=1\"\r\n")
    }

    @Test func negativeFiguresAreWrittenUnchanged() {
        #expect(encode(["-12.5", "-3.00", "+1"], kinds: [.figure, .figure, .figure]) == "-12.5,-3.00,+1\r\n")
    }

    @Test func formulaCharactersLaterInATextCellAreLeftAlone() {
        #expect(encode(["a=b-c@d"], kinds: [.text]) == "a=b-c@d\r\n")
    }

    @Test func bytesAreUTF8WithoutAByteOrderMark() {
        var document = CSVDocument(header: ["name"], columnKinds: [.text])
        document.append(["Анна Müller 東京"])
        #expect(Array(document.bytes.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(document.bytes == Array("name\r\nАнна Müller 東京\r\n".utf8))
    }
}

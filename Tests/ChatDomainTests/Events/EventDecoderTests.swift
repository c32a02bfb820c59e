import Testing

@testable import ChatDomain

@Suite struct EventDecoderTests {
    let decoder = EventDecoder()

    func rejection(_ line: String) -> Rejection? {
        if case .failure(let rejection) = decoder.decode(line) { return rejection }
        return nil
    }

    @Test func messageReceivedDecodesIntoATypedPayload() throws {
        let line = #"""
            {"id":"e1","type":"message.received","at":"2026-01-05T10:00:00.250+02:00","dialog":"d1",\#
            "channel":"tg","contact":"c1","message":"m1","text":"hi","attachments":[{"name":"a.png","size":10,\#
            "mime":"image/png"}],"quote":null}
            """#
        let event = try decoder.decode(line).get()
        #expect(event.id == "e1")
        #expect(event.type == .messageReceived)
        #expect(event.at == 1_767_600_000_250_000)
        #expect(
            event.payload
                == .messageReceived(
                    dialog: "d1",
                    channel: "tg",
                    contact: "c1",
                    message: "m1",
                    text: "hi",
                    attachments: [MessageAttachment(name: "a.png", size: 10, mime: "image/png")],
                    quote: nil
                )
        )
    }

    @Test func malformedJSONIsRejected() {
        let rejected = rejection(#"{"id":"e1","type":"clock.tick","at":"2026-01-05T10:00:00Z""#)
        #expect(rejected?.code == .invalidEvent)
        #expect(rejected?.message.contains("malformed JSON") == true)
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array(#"{"id":"e1","type":"clock.tick","at":"2026-01-05T10:00:00Z","x":""#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""}"#.utf8)
        guard case .failure(let rejected) = decoder.decode(bytes) else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(rejected.code == .invalidEvent)
        #expect(rejected.message.contains("invalid UTF-8"))
    }

    @Test func aLineThatIsNotAnObjectIsRejected() {
        #expect(rejection("[1, 2]")?.message.contains("must be a JSON object") == true)
    }

    @Test func missingFieldIsNamed() {
        let rejected = rejection(#"{"id":"e1","type":"store.upserted","at":"2026-01-05T10:00:00Z","store":"s1"}"#)
        #expect(rejected == Rejection(.invalidEvent, #"field "name": is missing"#, eventID: "e1"))
    }

    @Test func wrongTypeIsNamed() {
        let line = #"""
            {"id":"e1","type":"user.upserted","at":"2026-01-05T10:00:00Z","user":"u1","name":"Ann",\#
            "chat_access":"yes","admin":false,"chat_admin":false,"active":true}
            """#
        #expect(rejection(line)?.message == #"field "chat_access": must be true or false, not a string"#)
    }

    @Test func unknownTypeIsRejected() {
        let rejected = rejection(#"{"id":"e1","type":"dialog.exploded","at":"2026-01-05T10:00:00Z"}"#)
        #expect(rejected?.message == #"field "type": "dialog.exploded" is not a known event type"#)
    }

    @Test func timestampWithoutOffsetIsRejected() {
        let rejected = rejection(#"{"id":"e1","type":"clock.tick","at":"2026-01-05T10:00:00"}"#)
        #expect(rejected?.message == #"field "at": "2026-01-05T10:00:00" has no time-zone offset"#)
    }

    @Test func timestampsFinerThanAMicrosecondAreRejectedButZeroNanosecondsAreNot() throws {
        let fine = try decoder.decode(#"{"id":"e","type":"clock.tick","at":"2026-01-05T10:00:00.123456000Z"}"#).get()
        #expect(fine.at % 1_000_000 == 123_456)
        let rejected = rejection(#"{"id":"e","type":"clock.tick","at":"2026-01-05T10:00:00.123456789Z"}"#)
        #expect(rejected?.message.contains("finer than a microsecond") == true)
    }

    @Test func impossibleDatesAreRejected() {
        #expect(rejection(#"{"id":"e","type":"clock.tick","at":"2026-02-30T10:00:00Z"}"#)?.code == .invalidEvent)
        #expect(rejection(#"{"id":"e","type":"clock.tick","at":"2026-01-05T24:00:00Z"}"#)?.code == .invalidEvent)
    }

    @Test func aTenMegabyteLineIsRejectedWithoutParsing() {
        let filler = String(repeating: "x", count: 10 * 1024 * 1024)
        let line = #"{"id":"e1","type":"clock.tick","at":"2026-01-05T10:00:00Z","pad":""# + filler + #""}"#
        #expect(rejection(line)?.message.contains("longer than the limit") == true)
    }

    @Test func impossibleValuesAreRejectedNamingTheField() {
        let base =
            #"{"id":"e1","type":"order.created","at":"2026-01-05T10:00:00Z","order":"o1","number":"1","#
            + #""dialog":null,"customer":null,"by":{"user":"u1"},"items":"#
        #expect(
            rejection(base + #"[{"offer":"x","quantity":-1,"price":"1.00"}]}"#)?.message
                == #"field "items[0].quantity": -1 must be at least 1"#
        )
        #expect(
            rejection(base + #"[{"offer":"x","quantity":1,"price":"1.005"}]}"#)?.message
                == #"field "items[0].price": "1.005" is not a decimal with at most two fraction digits"#
        )
        let badKind = #"""
            {"id":"e1","type":"channel.upserted","at":"2026-01-05T10:00:00Z","channel":"c","name":"C",\#
            "kind":"pigeon","store":null}
            """#
        #expect(rejection(badKind)?.message.hasPrefix(#"field "kind": "pigeon" is not one of"#) == true)
        let badActor = #"""
            {"id":"e1","type":"dialog.closed","at":"2026-01-05T10:00:00Z","dialog":"d","by":{"robot":"r"}}
            """#
        #expect(rejection(badActor)?.message.hasPrefix(#"field "by": must be"#) == true)
        let systemSender = #"""
            {"id":"e1","type":"message.sent","at":"2026-01-05T10:00:00Z","dialog":"d","message":"m",\#
            "by":{"system":true},"text":"x"}
            """#
        #expect(rejection(systemSender)?.message == #"field "by": must be a user or bot, not a system"#)
        let negativeSize = #"""
            {"id":"e1","type":"message.received","at":"2026-01-05T10:00:00Z","dialog":"d","channel":"c",\#
            "contact":"k","message":"m","text":"x","attachments":[{"name":"a","size":-5,"mime":"x"}]}
            """#
        #expect(rejection(negativeSize)?.message == #"field "attachments[0].size": -5 must not be negative"#)
    }

    /// Money is stored as `numeric(14, 2)` and quantities as `integer`: 999999999999.99 and
    /// 2147483647 are the largest values; one step beyond is `invalid_event` naming the field.
    @Test func amountsAndQuantitiesBeyondTheColumnsAreRejectedNamingTheField() throws {
        let base =
            #"{"id":"e1","type":"order.created","at":"2026-01-05T10:00:00Z","order":"o1","number":"1","#
            + #""dialog":null,"customer":null,"by":{"user":"u1"},"items":"#
        #expect(
            rejection(base + #"[{"offer":"x","quantity":1,"price":"1000000000000.00"}]}"#)?.message
                == #"field "items[0].price": "1000000000000.00" is more than the largest amount, 999999999999.99"#
        )
        #expect(
            rejection(base + #"[{"offer":"x","quantity":2147483648,"price":"1.00"}]}"#)?.message
                == #"field "items[0].quantity": 2147483648 is more than the largest quantity, 2147483647"#
        )
        #expect(
            rejection(base + #"[],"delivery":{"type":"courier","cost":"92233720368547758.07"}}"#)?.message
                == #"field "delivery.cost": "92233720368547758.07" is more than the largest amount, 999999999999.99"#
        )
        let largest = try decoder.decode(base + #"[{"offer":"x","quantity":2147483647,"price":"999999999999.99"}]}"#)
            .get()
        guard case .orderCreated(_, _, _, _, _, let items, _) = largest.payload else {
            Issue.record("not an order")
            return
        }
        #expect(items == [OrderLine(offer: "x", quantity: 2_147_483_647, price: Money(cents: 99_999_999_999_999))])
        let payment = #"""
            {"id":"e1","type":"order.payment","at":"2026-01-05T10:00:00Z","order":"o1","payment":"p1",\#
            "method":null,"amount":"1000000000000","paid":true}
            """#
        #expect(
            rejection(payment)?.message
                == #"field "amount": "1000000000000" is more than the largest amount, 999999999999.99"#
        )
    }

    /// Attachment sizes are each an `Int64`; their total must be one too (the 20 MB rule adds them).
    @Test func attachmentSizesAddingUpPastInt64AreRejectedNamingTheAttachment() {
        let line = #"""
            {"id":"e1","type":"message.received","at":"2026-01-05T10:00:00Z","dialog":"d","channel":"c",\#
            "contact":"k","message":"m","text":"x","attachments":[{"name":"a","size":9223372036854775807,"mime":"x"},\#
            {"name":"b","size":1,"mime":"x"}]}
            """#
        #expect(
            rejection(line)?.message
                == #"field "attachments[1].size": 1 brings the message's attachments over 9223372036854775807 bytes in total"#
        )
    }

    @Test func canonicalFormIgnoresWhitespaceKeyOrderEscapesAndOffsetSpelling() throws {
        let first = try decoder.decode(
            #"{"id":"e1","type":"message.edited","at":"2026-01-05T10:00:00Z","message":"m1","text":"A\n"}"#
        ).get()
        let second = try decoder.decode(
            #"{ "text" : "\u0041\n", "message":"m1", "at":"2026-01-05T12:00:00+02:00","type":"message.edited","id":"e1" }"#
        ).get()
        let third = try decoder.decode(
            #"{"id":"e1","type":"message.edited","at":"2026-01-05T10:00:00Z","message":"m1","text":"B"}"#
        ).get()
        #expect(first.canonicalJSON == second.canonicalJSON)
        #expect(first.fingerprint == second.fingerprint)
        #expect(first.canonicalJSON != third.canonicalJSON)
        #expect(first.canonicalJSON.hasPrefix(#"{"at":"2026-01-05T10:00:00Z","id":"e1""#))
    }

    /// The canonical text's bytes are what the ledger's digests were computed from: they must not
    /// change between versions (a re-sent event would turn into a `conflicting_duplicate`).
    @Test func canonicalTextKeepsItsBytes() throws {
        let event = try decoder.decode(
            #"{"type":"message.received","id":"e\u00e9","at":"2026-01-05T12:00:00.25+02:00","dialog":"d1","#
                + #""channel":"ch1","contact":"k1","message":"m1","text":"tab\there \"q\" \\ \u0001 ü","#
                + #""attachments":[{"size":1,"name":"a.png","mime":"image/png"}],"quote":null,"zé":1,"z":2,"Z":3}"#
        ).get()
        #expect(
            event.canonicalJSON
                == #"{"Z":3,"at":"2026-01-05T10:00:00.250000Z","attachments":[{"mime":"image/png","name":"a.png","size":1}],"#
                + #""channel":"ch1","contact":"k1","dialog":"d1","id":"eé","message":"m1","quote":null,"#
                + #""text":"tab\there \"q\" \\ \u0001 ü","type":"message.received","z":2,"zé":1}"#
        )
    }

    @Test func memberNamesAreOrderedByTheirUTF8Bytes() {
        let names = ["", "a", "ab", "b", "Z", "é", "e\u{301}", "z", "\u{10000}", "\u{FFFF}", "aa", "a\u{0}"]
        for lhs in names {
            for rhs in names {
                #expect((UTF8Order.compare(lhs, rhs) < 0) == lhs.utf8.lexicographicallyPrecedes(rhs.utf8))
                #expect((UTF8Order.compare(lhs, rhs) == 0) == lhs.utf8.elementsEqual(rhs.utf8))
            }
        }
    }

    @Test func duplicateMemberNamesAreRejected() {
        #expect(
            rejection(#"{"id":"a","id":"b","type":"clock.tick","at":"2026-01-05T10:00:00Z"}"#)?.code == .invalidEvent
        )
    }

    @Test func rfc3339RoundTrips() throws {
        #expect(RFC3339.format(0) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(1_767_600_000_250_000) == "2026-01-05T08:00:00.250000Z")
        #expect(try RFC3339.parse("1969-12-31T23:59:59.5Z").get() == -500_000)
        #expect(RFC3339.format(-500_000) == "1969-12-31T23:59:59.500000Z")
    }
}

/// SPEC §3: timestamps lie in the years 0001–9999 in UTC, and formatting never wraps a year.
@Suite struct RFC3339RangeTests {
    @Test func theRangeIsCheckedInUTCAfterTheOffset() {
        #expect(RFC3339.parse("0001-01-01T00:00:00Z") == .success(RFC3339.minimum))
        #expect(RFC3339.parse("9999-12-31T23:59:59.999999Z") == .success(RFC3339.maximum))
        #expect(RFC3339.parse("0000-12-31T23:59:59Z") == .failure(.outOfRange))
        #expect(RFC3339.parse("0001-01-01T00:59:59+01:00") == .failure(.outOfRange))
        #expect(RFC3339.parse("9999-12-31T23:59:59-14:00") == .failure(.outOfRange))
        #expect(RFC3339.parse("9999-12-31T10:00:00-13:59") == .success(RFC3339.maximum - 59_999_999))
    }

    @Test func yearsBeyondFourDigitsAreWrittenWholeNotWrapped() {
        #expect(RFC3339.format(RFC3339.maximum + 1) == "10000-01-01T00:00:00Z")
        #expect(RFC3339.format(RFC3339.minimum - 1) == "0000-12-31T23:59:59.999999Z")
        #expect(RFC3339.format(RFC3339.minimum - 367 * 86_400_000_000) == "-0001-12-31T00:00:00Z")
        #expect(RFC3339.format(RFC3339.minimum) == "0001-01-01T00:00:00Z")
    }

    @Test func theDecoderNamesTheFieldOutOfRange() {
        let decoder = EventDecoder()
        let line = #"{"id":"e1","type":"clock.tick","at":"0000-06-01T00:00:00Z"}"#
        guard case .failure(let rejection) = decoder.decode(line) else {
            Issue.record("accepted year 0")
            return
        }
        #expect(rejection.message == #"field "at": "0000-06-01T00:00:00Z" is outside the years 0001–9999 in UTC"#)
        #expect(rejection.eventID == "e1")
    }
}

@Suite struct RejectionMessageTests {
    @Test func aMessageQuotingControlCharactersFromTheLineIsStillOneLine() {
        let line = #"{"id":"e1","type":"store.up\nserted\u001b[31m","at":"2026-01-05T10:00:00Z"}"#
        guard case .failure(let rejection) = EventDecoder().decode(line) else {
            Issue.record("accepted an unknown type")
            return
        }
        #expect(rejection.message == #"field "type": "store.up\nserted\u{1B}[31m" is not a known event type"#)
    }
}

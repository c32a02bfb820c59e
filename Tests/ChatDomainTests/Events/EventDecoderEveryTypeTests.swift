import Testing

@testable import ChatDomain

@Suite struct EventDecoderEveryTypeTests {
    static let at = #""at":"2026-01-05T10:00:00Z""#

    /// One valid line per event type, with the fields of §3 of the spec.
    static let lines: [EventType: String] = [
        .storeUpserted: #""store":"s1","name":"Main""#,
        .channelUpserted: #""channel":"tg","name":"TG","kind":"telegram","store":"s1""#,
        .userUpserted: #""user":"u1","name":"Ann","chat_access":true,"admin":false,"chat_admin":false,"active":true"#,
        .botUpserted: #""bot":"b1","name":"Bot""#,
        .timeLimits: #""by":{"user":"a"},"channel":null,"warning_s":60,"processing_s":120"#,
        .businessHours: #""by":{"user":"a"},"channel":"tg","hours":{"tz":"Europe/Kyiv","#
            + #""week":{"mon":[["09:00","18:00"]],"sat":[["10:00","14:00"]]},"holidays":["2026-01-01"]}"#,
        .chatSettings: #""by":{"user":"a"},"auto_close_assigned_s":3600,"default_responsible":["u1"],"#
            + #""privacy_policy":{"enabled":true,"text":"t","url":"https://x","excluded_channels":["wa"]},"#
            + #""widgets":{"order":true,"products":false,"tasks":true},"first_responder_takes_dialog":true,"#
            + #""bot_replies_stop_clock":false,"clock_start":"first_unanswered""#,
        .customerUpserted:
            #""customer":"c1","name":"Ann","phone":"+1","email":null,"address":null,"vip":true,"bad":false"#,
        .customerMerged: #""by":{"user":"a"},"customer":"c1","into":"c2""#,
        .messageReceived:
            #""dialog":"d1","channel":"tg","contact":"k1","message":"m1","text":"hi","attachments":[],"quote":null"#,
        .privacyAccepted: #""dialog":"d1""#,
        .messageSent: #""dialog":"d1","message":"m2","by":{"bot":"b1"},"text":"yo","attachments":[],"quote":"m1","#
            + #""quick_reply":null"#,
        .messageStatus: #""message":"m2","status":"failed","error":"timeout""#,
        .messageEdited: #""message":"m2","text":"yo!""#,
        .dialogAssigned: #""dialog":"d1","to":null,"by":{"system":true}"#,
        .dialogClosed: #""dialog":"d1","by":{"user":"u1"}"#,
        .contactBlockedBot: #""dialog":"d1""#,
        .dialogLinked: #""dialog":"d1","customer":"c1","by":{"user":"u1"}"#,
        .draftSaved: #""dialog":"d1","by":{"user":"u1"},"text":"half""#,
        .quickReplyUpserted: #""quick_reply":"q1","by":{"user":"a"},"command":"/hi","text":"Hi","category":null"#,
        .orderCreated: #""order":"o1","number":"A-1","dialog":"d1","customer":"c1","by":{"user":"u1"},"#
            + #""items":[{"offer":"x","quantity":2,"price":"10.50"}],"delivery":{"type":"courier","cost":"3"}"#,
        .orderStatus: #""order":"o1","status":"completed","by":{"user":"u1"}"#,
        .orderPayment: #""order":"o1","payment":"p1","method":"card","amount":"24.00","paid":true"#,
        .taskCreated: #""task":"t1","by":{"user":"u1"},"text":"call","due":"2026-01-06T10:00:00+03:00","#
            + #""responsible":"u1","order":"o1","customer":null"#,
        .taskCompleted: #""task":"t1","by":{"user":"u1"}"#,
        .internalMessage: #""thread":"t1","by":{"user":"u1"},"to":{"user":"u2"},"message":"i1","text":"psst""#,
        .clockTick: "",
    ]

    @Test(arguments: EventType.allCases)
    func everyEventTypeDecodes(type: EventType) throws {
        let fields = try #require(Self.lines[type])
        let line =
            #"{"id":"e1","type":""# + type.rawValue + #"","# + Self.at + (fields.isEmpty ? "" : "," + fields) + "}"
        let decoded = EventDecoder().decode(line)
        if case .failure(let rejection) = decoded {
            Issue.record("\(type.rawValue): \(rejection)")
        }
        if case .success(let event) = decoded { #expect(event.type == type) }
    }

    @Test func internalMessageRecipientsAreUserActors() throws {
        let line =
            #"{"id":"e1","type":"internal.message","# + Self.at
            + #","thread":"t1","by":{"user":"u1"},"to":[{"user":"u2"},{"user":"u3"}],"message":"i1","text":"psst"}"#
        let event = try EventDecoder().decode(line).get()
        #expect(
            event.payload == .internalMessage(thread: "t1", by: "u1", to: ["u2", "u3"], message: "i1", text: "psst")
        )
    }

    @Test func partialChatSettingsLeaveOmittedFieldsUnset() throws {
        let line = #"{"id":"e1","type":"settings.chats","# + Self.at + #","by":{"user":"a"},"widgets":{"tasks":false}}"#
        let event = try EventDecoder().decode(line).get()
        #expect(event.payload == .chatSettings(by: .user("a"), patch: ChatSettingsPatch(widgetTasks: false)))
    }

    @Test func orderTotalsComeFromDecodedMoney() throws {
        let line = #"{"id":"e1","type":"order.created","# + Self.at + "," + (Self.lines[.orderCreated] ?? "") + "}"
        guard case .orderCreated(_, _, _, _, _, let items, let delivery) = try EventDecoder().decode(line).get().payload
        else {
            Issue.record("not an order")
            return
        }
        #expect(items == [OrderLine(offer: "x", quantity: 2, price: Money(cents: 1050))])
        #expect(delivery == Delivery(type: "courier", cost: Money(cents: 300)))
    }

    @Test func nonChatUsersMayStillWorkOnOrdersAndTasks() {
        var h = DomainHarness.world()
        h.accept(
            10,
            .orderCreated(
                order: "o1",
                number: "1",
                dialog: nil,
                customer: "c1",
                by: .user("nc"),
                items: [],
                delivery: nil
            )
        )
        h.accept(20, .orderStatus(order: "o1", status: "new", by: .user("nc")))
        #expect(h.reject(30, .orderStatus(order: "o1", status: "new", by: .user("ghost"))) == .invalidEvent)
    }
}

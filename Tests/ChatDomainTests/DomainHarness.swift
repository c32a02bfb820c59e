import Testing

@testable import ChatDomain

/// A domain state with a small world in it, applying payloads at offsets in seconds from `origin`.
struct DomainHarness {
    static let origin: Int64 = 1_767_600_000 * 1_000_000
    static let day: Int64 = 86_400

    var state = DomainState()
    var seq: Int64 = 0

    static func time(_ seconds: Int64) -> Int64 { origin + seconds * 1_000_000 }

    /// Store `s1`, channels `tg` and `wa` (both mapped), admin `a`, chat admin `ca`, managers `u1`
    /// `u2` `u3`, `nc` without chat access, inactive `off`, bot `b1`, customers `c1` `c2`.
    static func world() -> DomainHarness {
        var harness = DomainHarness()
        harness.accept(0, .storeUpserted(store: "s1", name: "Main"))
        harness.accept(0, .channelUpserted(channel: "tg", name: "Telegram", kind: .telegram, store: "s1"))
        harness.accept(0, .channelUpserted(channel: "wa", name: "WhatsApp", kind: .whatsapp, store: "s1"))
        harness.user("a", admin: true)
        harness.user("ca", chatAdmin: true)
        harness.user("u1")
        harness.user("u2")
        harness.user("u3")
        harness.user("nc", chatAccess: false)
        harness.user("off", active: false)
        harness.accept(0, .botUpserted(bot: "b1", name: "Bot"))
        harness.accept(
            0,
            .customerUpserted(
                customer: "c1",
                name: "Ann",
                phone: "+1",
                email: nil,
                address: nil,
                vip: false,
                bad: false
            )
        )
        harness.accept(
            0,
            .customerUpserted(
                customer: "c2",
                name: "Bob",
                phone: nil,
                email: "b@x",
                address: nil,
                vip: true,
                bad: false
            )
        )
        return harness
    }

    mutating func user(
        _ id: UserID,
        chatAccess: Bool = true,
        admin: Bool = false,
        chatAdmin: Bool = false,
        active: Bool = true
    ) {
        accept(
            0,
            .userUpserted(
                user: id,
                name: id.rawValue,
                chatAccess: chatAccess,
                admin: admin,
                chatAdmin: chatAdmin,
                active: active
            )
        )
    }

    @discardableResult
    mutating func apply(_ seconds: Int64, _ payload: EventPayload, micros: Int64 = 0) -> Outcome {
        seq += 1
        let event = EventEnvelope(id: "e\(seq)", at: Self.time(seconds) + micros, payload: payload, canonicalJSON: "")
        return state.apply(event, seq: seq)
    }

    /// Applies and expects acceptance; returns the facts without their stamps.
    @discardableResult
    mutating func accept(
        _ seconds: Int64,
        _ payload: EventPayload,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Fact] {
        let outcome = apply(seconds, payload)
        if let rejection = outcome.rejection {
            Issue.record("rejected: \(rejection)", sourceLocation: sourceLocation)
        }
        return outcome.facts.map(\.fact)
    }

    /// Applies and expects a rejection; returns its code.
    mutating func reject(
        _ seconds: Int64,
        _ payload: EventPayload,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> RejectionCode? {
        let outcome = apply(seconds, payload)
        if case .accepted(let facts) = outcome {
            Issue.record("accepted with \(facts.count) facts", sourceLocation: sourceLocation)
        }
        return outcome.rejection?.code
    }

    @discardableResult
    mutating func receive(
        _ seconds: Int64,
        dialog: DialogID = "d1",
        message: MessageID,
        contact: ContactID = "k1",
        channel: ChannelID = "tg",
        text: String = "hello"
    ) -> [Fact] {
        accept(seconds, Self.received(message, dialog: dialog, contact: contact, channel: channel, text: text))
    }

    /// A `message.received` with text, no attachments and no quote.
    static func received(
        _ message: MessageID,
        dialog: DialogID = "d1",
        contact: ContactID = "k1",
        channel: ChannelID = "tg",
        text: String = "hello"
    ) -> EventPayload {
        .messageReceived(
            dialog: dialog,
            channel: channel,
            contact: contact,
            message: message,
            text: text,
            attachments: [],
            quote: nil
        )
    }

    static func send(
        _ message: MessageID,
        in dialog: DialogID = "d1",
        by: EventActor,
        text: String? = "reply",
        attachments: [MessageAttachment] = [],
        quickReply: QuickReplyID? = nil
    ) -> EventPayload {
        .messageSent(
            dialog: dialog,
            message: message,
            by: by,
            text: text,
            attachments: attachments,
            quote: nil,
            quickReply: quickReply
        )
    }

    static func assign(_ dialog: DialogID = "d1", to: Responsible, by: EventActor) -> EventPayload {
        .dialogAssigned(dialog: dialog, to: to, by: by)
    }

    static func settings(by: EventActor = .user("a"), _ patch: ChatSettingsPatch) -> EventPayload {
        .chatSettings(by: by, patch: patch)
    }

    func dialog(_ id: DialogID = "d1") -> DialogState? { state.dialogs[id] }
}

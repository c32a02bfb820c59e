import ChatDomain
import EventGenerator
import Foundation
import Testing

/// Field shapes of SPEC §3.
private enum Shape {
    case string, optionalString, int, optionalInt, bool, actor, optionalActor, money, instant, array, object
}

/// SPEC §3's table: every field besides `id`, `type` and `at`, with its shape.
private let table: [String: [String: Shape]] = [
    "store.upserted": ["store": .string, "name": .string],
    "channel.upserted": ["channel": .string, "name": .string, "kind": .string, "store": .string],
    "user.upserted": [
        "user": .string, "name": .string, "chat_access": .bool, "admin": .bool, "chat_admin": .bool, "active": .bool,
    ],
    "bot.upserted": ["bot": .string, "name": .string],
    "settings.time_limits": [
        "by": .actor, "channel": .optionalString, "warning_s": .optionalInt, "processing_s": .int,
    ],
    "settings.chats": [
        "by": .actor, "auto_close_assigned_s": .int, "default_responsible": .array, "privacy_policy": .object,
        "widgets": .object, "first_responder_takes_dialog": .bool, "bot_replies_stop_clock": .bool,
        "clock_start": .string,
    ],
    "customer.upserted": [
        "customer": .string, "name": .string, "phone": .string, "email": .string, "address": .string, "vip": .bool,
        "bad": .bool,
    ],
    "customer.merged": ["by": .actor, "customer": .string, "into": .string],
    "message.received": [
        "dialog": .string, "channel": .string, "contact": .string, "message": .string, "text": .string,
        "attachments": .array, "quote": .optionalString,
    ],
    "privacy.accepted": ["dialog": .string],
    "message.sent": [
        "dialog": .string, "message": .string, "by": .actor, "text": .string, "attachments": .array,
        "quote": .optionalString, "quick_reply": .optionalString,
    ],
    "message.status": ["message": .string, "status": .string, "error": .optionalString],
    "message.edited": ["message": .string, "text": .string],
    "dialog.assigned": ["dialog": .string, "to": .optionalActor, "by": .actor],
    "dialog.closed": ["dialog": .string, "by": .actor],
    "contact.blocked_bot": ["dialog": .string],
    "dialog.linked": ["dialog": .string, "customer": .string, "by": .actor],
    "draft.saved": ["dialog": .string, "by": .actor, "text": .string],
    "quick_reply.upserted": [
        "quick_reply": .string, "by": .actor, "command": .string, "text": .string, "category": .string,
    ],
    "order.created": [
        "order": .string, "number": .string, "dialog": .optionalString, "customer": .string, "by": .actor,
        "items": .array, "delivery": .object,
    ],
    "order.status": ["order": .string, "status": .string, "by": .actor],
    "order.payment": ["order": .string, "payment": .string, "method": .string, "amount": .money, "paid": .bool],
    "task.created": ["task": .string, "by": .actor, "text": .string, "due": .instant, "responsible": .string],
    "task.completed": ["task": .string, "by": .actor],
    "internal.message": ["thread": .string, "by": .actor, "to": .actor, "message": .string, "text": .string],
    "clock.tick": [:],
]

/// Settings events may be partial updates (SPEC §1: fields left out keep their values).
private let partialTypes: Set<String> = ["settings.chats"]

private func matches(_ value: Any?, _ shape: Shape) -> Bool {
    switch shape {
    case .string: return (value as? String).map { !$0.isEmpty } ?? false
    case .optionalString: return value is NSNull || ((value as? String).map { !$0.isEmpty } ?? false)
    case .int: return isInteger(value)
    case .optionalInt: return value is NSNull || isInteger(value)
    case .bool: return isBool(value)
    case .actor: return GeneratedFixture.actor(value) != nil
    case .optionalActor: return value is NSNull || GeneratedFixture.actor(value) != nil
    case .money: return isMoney(value)
    case .instant: return (value as? String).flatMap(GeneratedFixture.micros) != nil
    case .array: return value is [Any]
    case .object: return value is [String: Any]
    }
}

/// Booleans and numbers both come back as `NSNumber`; a JSON boolean round-trips through
/// `JSONSerialization` as the literal `true` or `false`.
private func isBool(_ value: Any?) -> Bool {
    guard let value, let data = try? JSONSerialization.data(withJSONObject: [value]) else { return false }
    let text = String(decoding: data, as: UTF8.self)
    return text == "[true]" || text == "[false]"
}

private func isInteger(_ value: Any?) -> Bool {
    guard let value, let data = try? JSONSerialization.data(withJSONObject: [value]) else { return false }
    let text = String(decoding: data, as: UTF8.self)
    return text.range(of: #"^\[-?[0-9]+\]$"#, options: .regularExpression) != nil
}

/// A JSON string with a decimal of at most two fraction digits that `Money` reads.
func isMoney(_ value: Any?) -> Bool {
    guard let text = value as? String, Money(parsing: text) != nil else { return false }
    return text.range(of: #"^-?[0-9]+(\.[0-9]{1,2})?$"#, options: .regularExpression) != nil
}

@Suite struct EventSchemaTests {
    @Test func everyLineIsAJSONObjectWithTheSpecFieldsForItsType() throws {
        var seen = Set<String>()
        for line in GeneratedFixture.lines {
            #expect(!line.contains("\n"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let type = try #require(object["type"] as? String)
            seen.insert(type)
            let fields = try #require(table[type], "unknown type \(type)")
            #expect((object["id"] as? String).map { !$0.isEmpty } ?? false)
            #expect((object["at"] as? String).flatMap(GeneratedFixture.micros) != nil, "bad at in \(line)")
            var expected = Set(fields.keys).union(["id", "type", "at"])
            if type == "task.created" {
                #expect((object["order"] is String) != (object["customer"] is String), "task needs order xor customer")
                expected.formUnion(object["order"] != nil ? ["order"] : ["customer"])
            }
            let present = Set(object.keys)
            #expect(present.isSubset(of: expected), "unexpected fields \(present.subtracting(expected)) in \(type)")
            for (field, shape) in fields where object[field] != nil || !partialTypes.contains(type) {
                #expect(matches(object[field], shape), "\(type).\(field) in \(line)")
            }
        }
        #expect(seen == Set(table.keys))
    }

    @Test func nestedValuesHaveTheirShapes() throws {
        let kinds: Set<String> = [
            "telegram", "whatsapp", "viber", "instagram", "facebook", "vk", "livechat", "sms", "email", "other",
        ]
        for object in GeneratedFixture.events() {
            switch object["type"] as? String {
            case "channel.upserted":
                #expect(kinds.contains(object["kind"] as? String ?? ""))
            case "message.received", "message.sent":
                for attachment in object["attachments"] as? [[String: Any]] ?? [] {
                    #expect(attachment["name"] is String)
                    #expect(isInteger(attachment["size"]))
                    #expect(attachment["mime"] is String)
                }
            case "message.status":
                let status = object["status"] as? String ?? ""
                #expect(["sent", "delivered", "read", "failed"].contains(status))
                #expect((status == "failed") == (object["error"] is String))
            case "order.created":
                let items = try #require(object["items"] as? [[String: Any]])
                #expect(!items.isEmpty)
                for item in items {
                    #expect(item["offer"] is String)
                    #expect(isInteger(item["quantity"]) && (item["quantity"] as? Int ?? 0) > 0)
                    #expect(isMoney(item["price"]))
                }
                let delivery = try #require(object["delivery"] as? [String: Any])
                #expect(delivery["type"] is String)
                #expect(isMoney(delivery["cost"]))
            case "settings.chats":
                if let policy = object["privacy_policy"] as? [String: Any] {
                    #expect(isBool(policy["enabled"]))
                    #expect(policy["text"] is String && policy["url"] is String)
                    #expect(policy["excluded_channels"] is [String])
                }
                if let widgets = object["widgets"] as? [String: Any] {
                    #expect(isBool(widgets["order"]) && isBool(widgets["products"]) && isBool(widgets["tasks"]))
                }
                if let list = object["default_responsible"] {
                    #expect(list is [String])
                }
                if let clock = object["clock_start"] {
                    #expect(["last_customer_message", "first_unanswered"].contains(clock as? String ?? ""))
                }
            default:
                break
            }
        }
    }

    @Test func moneyIsAlwaysAStringWithAtMostTwoDecimals() {
        var amounts = 0
        var wholeAmounts = 0
        for line in GeneratedFixture.lines where line.contains("order.") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            var values: [Any?] = [object["amount"]]
            values += (object["items"] as? [[String: Any]] ?? []).map { $0["price"] }
            values.append((object["delivery"] as? [String: Any])?["cost"])
            for value in values where value != nil {
                amounts += 1
                #expect(isMoney(value), "\(String(describing: value))")
                if let text = value as? String, !text.contains(".") { wholeAmounts += 1 }
            }
        }
        #expect(amounts > 500)
        #expect(wholeAmounts > 0 && wholeAmounts < amounts)  // both "1290" and "1290.50" occur
    }

    @Test func outgoingTextsAndAttachmentsRespectTheLimits() {
        var longest = 0
        for object in GeneratedFixture.events() {
            let type = object["type"] as? String ?? ""
            guard type == "message.sent" || type == "message.received" || type == "message.edited" else { continue }
            let text = object["text"] as? String ?? ""
            let visible = text.unicodeScalars.filter { !$0.properties.isWhitespace }.count
            longest = max(longest, visible)
            #expect(visible <= 2000)
            let total = (object["attachments"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["size"] as? Int ?? 0) }
            #expect(total <= 20_971_520)
        }
        #expect(longest > 1000)  // the long-text case is exercised
    }

    @Test func quickRepliesFitTheirLimit() {
        for object in GeneratedFixture.events() where object["type"] as? String == "quick_reply.upserted" {
            #expect((object["text"] as? String ?? "").count <= 2000)
        }
    }
}

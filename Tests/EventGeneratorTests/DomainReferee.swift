import Foundation

/// A test-only, deliberately strict reading of SPEC §1, applied to a generated stream in order.
/// It is not the domain: where the spec is ambiguous it takes the stricter reading, so a stream
/// it accepts should be accepted by any faithful implementation.
struct DomainReferee {
    struct User {
        var chatAccess: Bool
        var admin: Bool
        var chatAdmin: Bool
        var active: Bool
        var canChat: Bool { active && (chatAccess || admin || chatAdmin) }
        var seesAll: Bool { admin || chatAdmin }
    }

    enum Responsible: Equatable {
        case nobody
        case user(String)
        case bot(String)
    }

    struct Dialog {
        var channel: String
        var pending: Bool
        var responsible: Responsible = .nobody
        var closed = false
        var lastActivity: Int64
        var lostUsers: Set<String> = []
        var botBlocked = false
    }

    private(set) var violations: [String] = []
    private var stores: Set<String> = []
    private var channels: [String: String] = [:]
    private var users: [String: User] = [:]
    private var bots: Set<String> = []
    private var customers: Set<String> = []
    private var mergedCustomers: Set<String> = []
    private var dialogs: [String: Dialog] = [:]
    private var messages: Set<String> = []
    private var orders: Set<String> = []
    private var tasks: Set<String> = []
    private var quickReplies: Set<String> = []
    private var autoCloseAssigned: Int64 = 0
    private var defaultResponsible: [String] = []
    private var roundRobin = 0
    private var privacyEnabled = false
    private var privacyExcluded: Set<String> = []
    private var firstResponderTakes = false
    private var chatSettingsSeen = false
    private var clock: Int64 = .min
    private(set) var lateEvents = 0
    private(set) var sendsChecked = 0
    private var ids: Set<String> = []

    private static let autoCloseOther: Int64 = 30 * 86_400 * 1_000_000

    mutating func fail(_ message: String, _ event: [String: Any]) {
        if violations.count < 50 {
            violations.append("\(message): \(event["id"] ?? "?") \(event["type"] ?? "?")")
        }
    }

    private mutating func user(_ value: Any?, _ event: [String: Any]) -> (id: String, user: User)? {
        guard let (kind, id) = GeneratedFixture.actor(value), kind == "user" else { return nil }
        guard let user = users[id] else {
            fail("unknown user \(id)", event)
            return nil
        }
        return (id, user)
    }

    /// The dialog after the auto-close that the domain would have applied by `clock`.
    private mutating func touch(_ id: Any?, _ event: [String: Any]) -> Dialog? {
        guard let id = id as? String, var dialog = dialogs[id] else {
            fail("unknown dialog \(String(describing: id))", event)
            return nil
        }
        if !dialog.closed {
            let limit: Int64
            if case .user = dialog.responsible { limit = autoCloseAssigned } else { limit = Self.autoCloseOther }
            if clock >= dialog.lastActivity + limit {
                dialog.closed = true
            }
        }
        dialogs[id] = dialog
        return dialog
    }

    private mutating func assignAsNew(_ id: String) {
        let active = defaultResponsible.filter { users[$0]?.active == true }
        guard !active.isEmpty else { return }
        dialogs[id]?.responsible = .user(active[roundRobin % active.count])
        roundRobin += 1
    }

    /// Checks that `user` may act on (and write into) `dialog`.
    private mutating func mayAct(
        _ actor: (id: String, user: User),
        on dialog: Dialog,
        writing: Bool,
        _ event: [String: Any]
    ) {
        if !actor.user.canChat {
            fail("no_chat_access \(actor.id)", event)
        }
        if dialog.pending && !actor.user.seesAll {
            fail("pending dialog touched by \(actor.id)", event)
        }
        if dialog.pending && writing {
            fail("write into pending dialog", event)
        }
        if actor.user.seesAll { return }
        switch dialog.responsible {
        case .user(let responsible) where responsible == actor.id:
            return
        case .nobody:
            if dialog.closed && writing {
                fail("write into a closed unassigned dialog by \(actor.id)", event)
            }
            if dialog.lostUsers.contains(actor.id) && writing {
                fail("dialog_reassigned \(actor.id)", event)
            }
        default:
            fail(
                writing && dialog.lostUsers.contains(actor.id) ? "dialog_reassigned" : "not_visible \(actor.id)",
                event
            )
        }
    }

    private mutating func checkQuote(_ event: [String: Any]) {
        if let quote = event["quote"] as? String, !messages.contains(quote) {
            fail("quote of a message not yet ingested", event)
        }
    }

    mutating func apply(_ event: [String: Any]) {
        let id = event["id"] as? String ?? ""
        if !ids.insert(id).inserted { fail("duplicate id", event) }
        guard let at = (event["at"] as? String).flatMap(GeneratedFixture.micros) else {
            fail("bad at", event)
            return
        }
        if at < clock {
            lateEvents += 1
            if event["type"] as? String != "message.received" { fail("late event of another type", event) }
        } else {
            clock = at
        }
        let type = event["type"] as? String ?? ""
        switch type {
        case "store.upserted":
            stores.insert(event["store"] as? String ?? "")
        case "channel.upserted":
            let store = event["store"] as? String ?? ""
            if !stores.contains(store) { fail("channel mapped to an unknown store", event) }
            channels[event["channel"] as? String ?? ""] = store
        case "user.upserted":
            users[event["user"] as? String ?? ""] = User(
                chatAccess: event["chat_access"] as? Bool ?? false,
                admin: event["admin"] as? Bool ?? false,
                chatAdmin: event["chat_admin"] as? Bool ?? false,
                active: event["active"] as? Bool ?? false
            )
        case "bot.upserted":
            bots.insert(event["bot"] as? String ?? "")
        case "settings.time_limits":
            if let by = user(event["by"], event), !by.user.seesAll { fail("not_chat_admin", event) }
            if let channel = event["channel"] as? String, channels[channel] == nil { fail("unknown channel", event) }
            let processing = event["processing_s"] as? Int ?? 0
            if processing < 30 || processing % 30 != 0 { fail("invalid processing_s", event) }
            if let warning = event["warning_s"] as? Int {
                if warning < 30 || warning % 30 != 0 || warning >= processing { fail("invalid warning_s", event) }
            }
        case "settings.chats":
            if let by = user(event["by"], event), !by.user.seesAll { fail("not_chat_admin", event) }
            if channels.isEmpty || channels.values.contains(where: { !stores.contains($0) }) {
                fail("store_mapping_incomplete", event)
            }
            chatSettingsSeen = true
            if let seconds = event["auto_close_assigned_s"] as? Int { autoCloseAssigned = Int64(seconds) * 1_000_000 }
            if let list = event["default_responsible"] as? [String] {
                for user in list where users[user] == nil { fail("unknown default responsible", event) }
                defaultResponsible = list
            }
            if let policy = event["privacy_policy"] as? [String: Any] {
                privacyEnabled = policy["enabled"] as? Bool ?? false
                privacyExcluded = Set(policy["excluded_channels"] as? [String] ?? [])
            }
            if let takes = event["first_responder_takes_dialog"] as? Bool { firstResponderTakes = takes }
        case "customer.upserted":
            customers.insert(event["customer"] as? String ?? "")
        case "customer.merged":
            if let by = user(event["by"], event), !by.user.admin { fail("merge by a non-admin", event) }
            let from = event["customer"] as? String ?? ""
            let into = event["into"] as? String ?? ""
            if !customers.contains(from) || !customers.contains(into) { fail("merge of unknown customers", event) }
            if mergedCustomers.contains(into) || mergedCustomers.contains(from) || from == into {
                fail("merge involving a merged customer", event)
            }
            mergedCustomers.insert(from)
        case "message.received":
            checkQuote(event)
            let dialogId = event["dialog"] as? String ?? ""
            let channel = event["channel"] as? String ?? ""
            if channels[channel] == nil { fail("unknown channel", event) }
            if !chatSettingsSeen { fail("message before chat settings", event) }
            if !messages.insert(event["message"] as? String ?? "").inserted { fail("duplicate message id", event) }
            if dialogs[dialogId] == nil {
                if at < clock { fail("a dialog opened by a late message", event) }
                let pending = privacyEnabled && !privacyExcluded.contains(channel)
                dialogs[dialogId] = Dialog(channel: channel, pending: pending, lastActivity: at)
                if !pending { assignAsNew(dialogId) }
            } else if var dialog = touch(dialogId, event) {
                if dialog.channel != channel { fail("dialog changed channel", event) }
                dialog.closed = false
                dialog.botBlocked = false
                dialog.lastActivity = max(dialog.lastActivity, at)
                dialogs[dialogId] = dialog
            }
        case "privacy.accepted":
            guard let dialogId = event["dialog"] as? String, let dialog = touch(dialogId, event) else { return }
            if !dialog.pending { fail("accepting a dialog that is not pending", event) }
            dialogs[dialogId]?.pending = false
            assignAsNew(dialogId)
        case "message.sent":
            sendsChecked += 1
            checkQuote(event)
            guard let dialogId = event["dialog"] as? String, var dialog = touch(dialogId, event) else { return }
            if !messages.insert(event["message"] as? String ?? "").inserted { fail("duplicate message id", event) }
            if let quickReply = event["quick_reply"] as? String, !quickReplies.contains(quickReply) {
                fail("unknown quick reply", event)
            }
            guard let (kind, actorId) = GeneratedFixture.actor(event["by"]) else {
                fail("bad sender", event)
                return
            }
            if kind == "bot" {
                if !bots.contains(actorId) { fail("unknown bot", event) }
                if dialog.pending { fail("bot writes into a pending dialog", event) }
                if !dialog.botBlocked { dialog.lastActivity = at }
            } else if let actor = user(event["by"], event) {
                mayAct(actor, on: dialog, writing: true, event)
                if !dialog.botBlocked {
                    if dialog.responsible == .nobody && firstResponderTakes { dialog.responsible = .user(actor.id) }
                    dialog.lastActivity = at
                }
            } else {
                fail("system sender", event)
            }
            dialogs[dialogId] = dialog
        case "message.status", "message.edited":
            if !messages.contains(event["message"] as? String ?? "") { fail("status of an unknown message", event) }
        case "dialog.assigned":
            guard let dialogId = event["dialog"] as? String, var dialog = touch(dialogId, event) else { return }
            if dialog.pending { fail("assignment of a pending dialog", event) }
            guard let (kind, actorId) = GeneratedFixture.actor(event["by"]) else { return fail("bad by", event) }
            if kind == "user" {
                guard let actor = user(event["by"], event) else { return }
                let isResponsible = dialog.responsible == .user(actor.id)
                if !(actor.user.seesAll || isResponsible) { fail("not_allowed_to_reassign \(actor.id)", event) }
                if !actor.user.canChat { fail("no_chat_access", event) }
            } else if kind == "bot" {
                if !bots.contains(actorId) { fail("unknown bot", event) }
                // Stricter reading: a bot may place an unassigned dialog or hand over one it holds.
                if dialog.responsible != .nobody && dialog.responsible != .bot(actorId) {
                    fail("bot reassigns a dialog it does not hold", event)
                }
            }
            let previous = dialog.responsible
            if let (toKind, toId) = GeneratedFixture.actor(event["to"]) {
                if toKind == "user" {
                    if users[toId]?.canChat != true { fail("assignment to a user who cannot chat", event) }
                    dialog.responsible = .user(toId)
                    dialog.lostUsers.remove(toId)
                } else {
                    if !bots.contains(toId) { fail("assignment to an unknown bot", event) }
                    dialog.responsible = .bot(toId)
                }
            } else {
                dialog.responsible = .nobody
            }
            if case .user(let old) = previous, dialog.responsible != previous { dialog.lostUsers.insert(old) }
            dialogs[dialogId] = dialog
        case "dialog.closed":
            guard let dialogId = event["dialog"] as? String, let dialog = touch(dialogId, event) else { return }
            if dialog.closed { fail("closing a closed dialog", event) }
            if dialog.pending { fail("closing a pending dialog", event) }
            if let (kind, botId) = GeneratedFixture.actor(event["by"]), kind == "bot" {
                if dialog.responsible != .bot(botId) { fail("bot closes a dialog it does not hold", event) }
            } else if let actor = user(event["by"], event) {
                mayAct(actor, on: dialog, writing: false, event)
            }
            dialogs[dialogId]?.closed = true
        case "contact.blocked_bot":
            guard let dialogId = event["dialog"] as? String, touch(dialogId, event) != nil else { return }
            dialogs[dialogId]?.botBlocked = true
        case "dialog.linked", "draft.saved":
            guard let dialogId = event["dialog"] as? String, let dialog = touch(dialogId, event) else { return }
            if let actor = user(event["by"], event) { mayAct(actor, on: dialog, writing: false, event) }
            if type == "dialog.linked" {
                let customer = event["customer"] as? String ?? ""
                if !customers.contains(customer) || mergedCustomers.contains(customer) {
                    fail("link to an unknown or merged customer", event)
                }
            }
        case "quick_reply.upserted":
            if let by = user(event["by"], event), !by.user.seesAll { fail("not_chat_admin", event) }
            quickReplies.insert(event["quick_reply"] as? String ?? "")
        case "order.created":
            let customer = event["customer"] as? String ?? ""
            if !customers.contains(customer) || mergedCustomers.contains(customer) {
                fail("order for an unknown or merged customer", event)
            }
            if let dialogId = event["dialog"] as? String, dialogs[dialogId] == nil {
                fail("order of unknown dialog", event)
            }
            if user(event["by"], event) == nil { fail("order by a non-user", event) }
            let offers = (event["items"] as? [[String: Any]] ?? []).map { $0["offer"] as? String ?? "" }
            if Set(offers).count != offers.count { fail("duplicate_offer", event) }
            if !orders.insert(event["order"] as? String ?? "").inserted { fail("duplicate order", event) }
        case "order.status", "order.payment":
            if !orders.contains(event["order"] as? String ?? "") { fail("unknown order", event) }
            if type == "order.status" && user(event["by"], event) == nil { fail("status by a non-user", event) }
        case "task.created":
            if user(event["by"], event) == nil { fail("task by a non-user", event) }
            if users[event["responsible"] as? String ?? ""] == nil { fail("task for an unknown user", event) }
            if let order = event["order"] as? String, !orders.contains(order) { fail("task of unknown order", event) }
            if let customer = event["customer"] as? String, !customers.contains(customer) {
                fail("task of unknown customer", event)
            }
            tasks.insert(event["task"] as? String ?? "")
        case "task.completed":
            if !tasks.contains(event["task"] as? String ?? "") { fail("unknown task", event) }
            _ = user(event["by"], event)
        case "internal.message":
            if let by = user(event["by"], event), !by.user.canChat { fail("no_chat_access", event) }
            if let (_, to) = GeneratedFixture.actor(event["to"]), users[to] == nil { fail("unknown recipient", event) }
            if !messages.insert(event["message"] as? String ?? "").inserted { fail("duplicate message id", event) }
        case "clock.tick":
            break
        default:
            fail("unknown type", event)
        }
    }
}

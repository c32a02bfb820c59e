import ChatDomain
import Foundation

// The stream's first events (stores, channels, users, bots, settings, quick replies) and the customers.
extension Simulation {
    func writeSetup() {
        let at = start
        for (index, name) in SyntheticWorld.stores.enumerated() {
            begin(.storeUpserted, at)
            writer.id("store", "s", index + 1)
            writer.string("name", name)
            writer.endEvent()
        }
        for (index, channel) in SyntheticWorld.channels.enumerated() {
            begin(.channelUpserted, at)
            writer.id("channel", "ch", index + 1)
            writer.string("name", channel.name)
            writer.string("kind", channel.kind.rawValue)
            writer.id("store", "s", channel.store)
            writer.endEvent()
        }
        writeUser(Simulation.admin, at, name: "Olga Admin", chatAccess: true, admin: true, chatAdmin: false)
        writeUser(Simulation.chatAdmin, at, name: "Victor Chatadmin", chatAccess: true, admin: false, chatAdmin: true)
        writeUser(3, at, name: "Irina Accountant", chatAccess: false, admin: false, chatAdmin: false)
        for user in Simulation.firstManager..<lateJoiner {
            writeUser(
                user,
                at,
                name: SyntheticWorld.personName(1_000_000 + user),
                chatAccess: true,
                admin: false,
                chatAdmin: false
            )
        }
        for (number, name) in [(1, "Distribution bot"), (2, "Shop assistant bot")] {
            begin(.botUpserted, at)
            writer.id("bot", "b", number)
            writer.string("name", name)
            writer.endEvent()
        }
        begin(.chatSettings, at)
        writer.actor("by", .user(Simulation.chatAdmin))
        writer.int("auto_close_assigned_s", Int(Simulation.autoCloseAssigned / Simulation.second))
        writer.beginArray("default_responsible")
        for user in roundRobinList {
            writer.idValue("u", user)
        }
        writer.endArray()
        writer.beginObject("privacy_policy")
        writer.bool("enabled", true)
        writer.string("text", "We process your personal data to answer your request.")
        writer.string("url", "https://shop.example/privacy")
        writer.beginArray("excluded_channels")
        for (index, channel) in SyntheticWorld.channels.enumerated() where !channel.privacy {
            writer.idValue("ch", index + 1)
        }
        writer.endArray()
        writer.endObject()
        writer.beginObject("widgets")
        writer.bool("order", true)
        writer.bool("products", true)
        writer.bool("tasks", true)
        writer.endObject()
        writer.bool("first_responder_takes_dialog", true)
        writer.bool("bot_replies_stop_clock", false)
        writer.literal("clock_start", "last_customer_message")
        writer.endEvent()
        writeTimeLimits(at, by: Simulation.admin, channel: nil, warning: 600, processing: 1800)
        writeTimeLimits(at, by: Simulation.admin, channel: 6, warning: 3600, processing: 14_400)
        writeTimeLimits(at, by: Simulation.admin, channel: 5, warning: 120, processing: 600)
        writeTimeLimits(at, by: Simulation.chatAdmin, channel: 2, warning: nil, processing: 1800)
        if configuration.businessHours {
            writeSetupBusinessHours(at)
        }
        for (index, reply) in SyntheticWorld.quickReplies.enumerated() {
            writeQuickReply(index + 1, at, text: reply.text)
        }
        let baseCustomers = max(10, configuration.dialogs / 20)
        for _ in 0..<baseCustomers {
            writeNewCustomer(at)
        }

        // The future of the global processes.
        if configuration.dialogs > 0 {
            queue.push(.newDialog, at: arrivalTime(0))
        }
        var tick = start + Simulation.hour
        while tick < end {
            queue.push(.clockTick, at: tick)
            tick += Simulation.hour
        }
        queue.push(.clockTick, at: end)
        let span = end - start
        queue.push(.settingsChange, at: start + span / 3, flag: 0)
        queue.push(.settingsChange, at: lateJoinAt, flag: 1)
        queue.push(.settingsChange, at: start + span / 2, flag: 2)
        queue.push(.settingsChange, at: start + span * 2 / 3, flag: 3)
        scheduleRecurring(.standaloneOrder, count: max(3, configuration.dialogs * 3 / 100))
        scheduleRecurring(.mergePreparation, count: max(2, configuration.dialogs / 2000))
        scheduleRecurring(.internalMessage, count: max(5, configuration.dialogs / 50))
    }

    /// Starts a global process (a Poisson process of `count` expected actions over the window).
    ///
    /// - Complexity: O(1) here; each action schedules its successor when it runs.
    func scheduleRecurring(_ kind: ActionKind, count: Int) {
        let meanGap = Double(end - start) / Double(count)
        recurringGaps[kind] = meanGap
        let first = start + Int64(random.exponential(mean: meanGap))
        if first < end {
            queue.push(kind, at: first)
        }
    }

    func scheduleNext(_ kind: ActionKind, after now: Int64) {
        let gap = recurringGaps[kind, default: Double(Simulation.day)]
        let next = now + max(1000, Int64(random.exponential(mean: gap)))
        if next < end {
            queue.push(kind, at: next)
        }
    }

    func writeUser(_ user: Int, _ at: Int64, name: String, chatAccess: Bool, admin: Bool, chatAdmin: Bool) {
        begin(.userUpserted, at)
        writer.id("user", "u", user)
        writer.string("name", name)
        writer.bool("chat_access", chatAccess)
        writer.bool("admin", admin)
        writer.bool("chat_admin", chatAdmin)
        writer.bool("active", true)
        writer.endEvent()
    }

    func writeTimeLimits(_ at: Int64, by user: Int, channel: Int?, warning: Int?, processing: Int) {
        begin(.timeLimits, at)
        writer.actor("by", .user(user))
        if let channel {
            writer.id("channel", "ch", channel)
        } else {
            writer.null("channel")
        }
        if let warning {
            writer.int("warning_s", warning)
        } else {
            writer.null("warning_s")
        }
        writer.int("processing_s", processing)
        writer.endEvent()
    }

    /// The schedules of the setup: the default (Kyiv, weekdays and Saturday morning, a holiday in
    /// the window's third week), the Telegram shop's longer days, the support e-mail in New York
    /// (a DST zone, with its own holiday), the site's live chat round the clock.
    func writeSetupBusinessHours(_ at: Int64) {
        let weekdays: [StaticString] = ["mon", "tue", "wed", "thu", "fri"]
        writeBusinessHours(
            at,
            channel: nil,
            zone: "Europe/Kyiv",
            week: weekdays.map { ($0, [("09:00", "18:00")]) } + [("sat", [("10:00", "15:00")])],
            holidays: [Simulation.localDate(start + 14 * Simulation.day)]
        )
        writeBusinessHours(
            at,
            channel: 1,
            zone: "Europe/Kyiv",
            week: (weekdays + ["sat"]).map { ($0, [("08:00", "22:00")]) } + [("sun", [("10:00", "20:00")])],
            holidays: []
        )
        writeBusinessHours(
            at,
            channel: 6,
            zone: "America/New_York",
            week: weekdays.map { ($0, [("08:00", "12:00"), ("13:00", "17:00")]) },
            holidays: [Simulation.localDate(start + 20 * Simulation.day)]
        )
        writeBusinessHours(at, channel: 5, zone: nil, week: [], holidays: [])
    }

    /// A `settings.business_hours` event by the admin; `zone` `nil` writes `hours: null`.
    func writeBusinessHours(
        _ at: Int64,
        channel: Int?,
        zone: String?,
        week: [(key: StaticString, intervals: [(String, String)])],
        holidays: [String]
    ) {
        begin(.businessHours, at)
        writer.actor("by", .user(Simulation.admin))
        if let channel {
            writer.id("channel", "ch", channel)
        } else {
            writer.null("channel")
        }
        guard let zone else {
            writer.null("hours")
            writer.endEvent()
            return
        }
        writer.beginObject("hours")
        writer.string("tz", zone)
        writer.beginObject("week")
        for day in week {
            writer.beginArray(day.key)
            for (from, to) in day.intervals {
                writer.beginArray()
                writer.stringValue(from)
                writer.stringValue(to)
                writer.endArray()
            }
            writer.endArray()
        }
        writer.endObject()
        writer.beginArray("holidays")
        for holiday in holidays { writer.stringValue(holiday) }
        writer.endArray()
        writer.endObject()
        writer.endEvent()
    }

    /// The UTC date of `instant` as `YYYY-MM-DD`.
    static func localDate(_ instant: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(instant.floorDiv(1_000_000))))
    }

    func writeQuickReply(_ number: Int, _ at: Int64, text: String) {
        let reply = SyntheticWorld.quickReplies[number - 1]
        begin(.quickReplyUpserted, at)
        writer.id("quick_reply", "qr", number)
        writer.actor("by", .user(Simulation.chatAdmin))
        writer.string("command", reply.command)
        writer.string("text", text)
        writer.string("category", reply.category)
        writer.endEvent()
    }

    /// Writes `customer.upserted` for a new customer and returns its number.
    @discardableResult
    func writeNewCustomer(_ at: Int64, lookalikeOf twin: Int? = nil) -> Int {
        customerCount += 1
        let number = customerCount
        retiredCustomers.append(false)
        let person = twin ?? number
        let hash = DeterministicRandom.hash(UInt64(person) &+ 17)
        let name = SyntheticWorld.personName(person)
        begin(.customerUpserted, at)
        writer.trafficID("customer", "c", number)
        writer.string("name", name)
        writer.string(
            "phone",
            "+7 9\(10 + hash % 90) \(100 + (hash >> 8) % 900)-\(10 + (hash >> 20) % 90)-\(10 + (hash >> 28) % 90)"
        )
        let email = name.lowercased().replacingOccurrences(of: " ", with: ".")
        writer.string("email", "\(email)\(person % 1000)@mail.example")
        let city = SyntheticWorld.cities[Int((hash >> 36) % UInt64(SyntheticWorld.cities.count))]
        let street = SyntheticWorld.streets[Int((hash >> 40) % UInt64(SyntheticWorld.streets.count))]
        writer.string("address", "\(city), \(street) \(1 + (hash >> 44) % 120)")
        writer.bool("vip", hash % 50 == 0)
        writer.bool("bad", hash % 97 == 0)
        writer.endEvent()
        return number
    }

    /// An existing customer that was not merged away, or a new one.
    func existingCustomer(_ at: Int64) -> Int {
        for _ in 0..<6 where customerCount > 0 {
            let candidate = 1 + random.below(customerCount)
            if !retiredCustomers[candidate - 1] {
                return candidate
            }
        }
        return writeNewCustomer(at)
    }
}

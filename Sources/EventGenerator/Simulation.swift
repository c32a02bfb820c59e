import ChatDomain
import Foundation

/// The state of one customer dialog while it still has something to do.
struct DialogState {
    var number: Int = 0
    var channel: Int = 0
    var contact: Int = 0
    /// Customer number once linked, else -1 (a lead).
    var customer: Int = -1
    /// Responsible user index, or -1.
    var responsibleUser: Int = -1
    /// Responsible bot number, or -1.
    var responsibleBot: Int = -1
    /// Closed by a user or bot (auto-close is derived from `lastActivity`).
    var closed = false
    /// The last customer, user or bot message: the auto-close timers run from here.
    var lastActivity: Int64 = 0
    var pending = false
    var botBlocked = false
    var greeted = false
    var hasOrder = false
    var burstLeft = 0
    var lastCustomerMessage = 0
    var lastOutgoingMessage = 0
}

/// The discrete-event simulation behind ``EventGenerator``: a heap of scheduled actions, the
/// dialogs in flight, and the few global facts the domain rules depend on (round-robin
/// position, who is on shift, which customers were merged away).
///
/// Memory stays proportional to the dialogs in flight, never to the stream: a dialog's slot
/// is reused once its last action ran.
final class Simulation {
    // MARK: Constants of the world
    static let dialogIdWidth = 6
    static let autoCloseAssigned: Int64 = 86_400 * 1_000_000
    static let autoCloseOther: Int64 = 30 * 86_400 * 1_000_000
    static let second: Int64 = 1_000_000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute
    static let day: Int64 = 24 * hour
    /// User numbers: u1 admin, u2 chat admin, u3 accountant without chat access, u4… managers.
    static let admin = 1
    static let chatAdmin = 2
    static let firstManager = 4
    /// Bot numbers: b1 distribution bot, b2 chat (FAQ) bot.
    static let distributionBot = 1
    static let chatBot = 2
    static let offers = 400

    let configuration: GeneratorConfiguration
    private var random: DeterministicRandom
    private(set) var writer: JSONLineWriter
    private(set) var summary = GeneratorSummary()
    private var queue = ActionQueue()
    let start: Int64
    let end: Int64
    private var setupDone = false

    private var eventNumber: UInt64 = 0
    private var dialogNumber = 0
    private var messageNumber = 0
    private var customerCount = 0
    private var orderNumber = 0
    private var taskNumber = 0
    private var threadNumber = 0
    private var contactNumber = 0

    private var dialogs: [DialogState] = []
    private var freeSlots: [Int] = []
    /// Late lines waiting to be written, with the dialog (slot and number) they belong to.
    private var storedLines: [Int32: (type: EventType, bytes: [UInt8], slot: Int, dialog: Int)] = [:]
    private var storedKey: Int32 = 0
    /// Customers merged away (or about to be): never picked again.
    private var retiredCustomers: [Bool] = []
    /// Mean gap in microseconds between actions of each global process.
    private var recurringGaps: [ActionKind: Double] = [:]

    private let managerCount: Int
    /// The manager who joins mid-way (user index), usable only after `lateJoinAt`.
    private let lateJoiner: Int
    private let lateJoinAt: Int64
    private var lateJoined = false
    /// `default_responsible` is the managers list until the mid-way switch to the distribution bot.
    private var roundRobinActive = true
    private var roundRobinPosition = 0
    private let roundRobinList: [Int]
    /// Managers on shift for each hour of the week (Monday 00:00 first).
    private let onShift: [[Int]]
    private let channelCumulative: [Double]

    // Dialog arrivals: stratified over hourly weights so the count is exact and times ascend.
    private let hourCumulative: [Double]
    private var arrivalHour = 0

    init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
        random = DeterministicRandom(seed: configuration.seed)
        writer = JSONLineWriter(trafficTag: "s\(configuration.seed)-")
        start = configuration.startMicros
        end = start + Int64(configuration.days) * Simulation.day
        managerCount = configuration.managerCount
        lateJoiner = Simulation.firstManager + managerCount - 1
        lateJoinAt = start + (end - start) * 2 / 5
        roundRobinList = Array(Simulation.firstManager..<(Simulation.firstManager + managerCount - 1))

        var shifts = Array(repeating: [Int](), count: 168)
        for manager in 0..<managerCount {
            for hourOfWeek in 0..<168 where Simulation.works(manager: manager, hourOfWeek: hourOfWeek) {
                shifts[hourOfWeek].append(Simulation.firstManager + manager)
            }
        }
        onShift = shifts

        var cumulative: [Double] = []
        var total = 0.0
        for channel in SyntheticWorld.channels {
            total += channel.traffic
            cumulative.append(total)
        }
        channelCumulative = cumulative.map { $0 / total }

        var hours: [Double] = []
        var running = 0.0
        for hour in 0..<(configuration.days * 24) {
            let instant = start + Int64(hour) * Simulation.hour
            let (hourOfDay, weekday) = Simulation.localHour(instant)
            running += RealismParameters.hourlyTraffic[hourOfDay] * RealismParameters.weekdayTraffic[weekday]
            hours.append(running)
        }
        hourCumulative = hours
    }

    // MARK: - Driving

    /// Scheduled actions plus the dialog slots allocated: the memory the stream needs.
    var inFlight: Int { queue.count + dialogs.count + storedLines.count }

    /// Runs actions until at least one line was written or the stream ended.
    ///
    /// - Returns: `false` when the stream is over.
    func step() -> Bool {
        writer.reset()
        if !setupDone {
            setupDone = true
            writeSetup()
            return true
        }
        while writer.lineEnds.isEmpty {
            guard let action = queue.pop() else { return false }
            perform(action)
        }
        return true
    }

    private func perform(_ action: ScheduledAction) {
        let now = action.time
        let slot = Int(action.target)
        switch action.kind {
        case .newDialog: openDialog(now)
        case .customerMessage: customerMessage(slot, now)
        case .botGreeting: botGreeting(slot, now)
        case .botAssignment: botAssignment(slot, now)
        case .privacyAcceptance: privacyAcceptance(slot, now)
        case .draft: draft(slot, now, replyAt: action.value)
        case .reply: reply(slot, now, mode: action.flag)
        case .close: close(slot, now)
        case .blockBot: blockBot(slot, now)
        case .order: chatOrder(slot, now)
        case .orderStep: orderStep(action)
        case .taskCompletion:
            begin(.taskCompleted, now)
            writer.trafficID("task", "t", Int(action.target))
            writer.actor("by", .user(Int(action.extra)))
            writer.endEvent()
        case .messageStatus: messageStatus(action)
        case .messageEdit:
            begin(.messageEdited, now)
            writer.trafficID("message", "m", Int(action.value))
            writer.string("text", pick(SyntheticWorld.editedTexts))
            writer.endEvent()
        case .storedLine:
            if let stored = storedLines.removeValue(forKey: action.target) {
                writer.appendLine(stored.bytes)
                summary.record(stored.type)
                summary.lateArrivals += 1
                lateMessageArrived(slot: stored.slot, dialog: stored.dialog)
            }
        case .standaloneOrder: standaloneOrder(now)
        case .mergePreparation: mergePreparation(now)
        case .merge:
            begin(.customerMerged, now)
            writer.actor("by", .user(Simulation.admin))
            writer.trafficID("customer", "c", Int(action.target))
            writer.trafficID("into", "c", Int(action.extra))
            writer.endEvent()
        case .internalMessage: internalMessage(now)
        case .clockTick:
            begin(.clockTick, now)
            writer.endEvent()
        case .settingsChange: settingsChange(now, step: Int(action.flag))
        }
    }

    // MARK: - Event helpers

    private func begin(_ type: EventType, _ at: Int64, offsetHours: Int = 0) {
        eventNumber += 1
        summary.record(type)
        writer.beginEvent(id: eventNumber, type: type, at: at, offsetHours: offsetHours)
    }

    private func pick<T>(_ items: [T]) -> T {
        items[random.below(items.count)]
    }

    private func seconds(_ value: Double) -> Int64 {
        Int64(value * 1_000_000)
    }

    /// A random instant offset, at millisecond precision.
    private func jitter(_ range: ClosedRange<Int64>) -> Int64 {
        let low = range.lowerBound / 1000
        let high = range.upperBound / 1000
        return (low + Int64(random.below(Int(high - low + 1)))) * 1000
    }

    static func localHour(_ instant: Int64) -> (hourOfDay: Int, weekday: Int) {
        let seconds = instant.floorDiv(1_000_000)
        let day = seconds.floorDiv(86_400)
        let hourOfDay = Int((seconds - day * 86_400) / 3600)
        // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
        let weekday = Int((day + 3) % 7 + 7) % 7
        return (hourOfDay, weekday)
    }

    /// Shift patterns by manager index: weekday day, weekday late, nights, weekends.
    static func works(manager: Int, hourOfWeek: Int) -> Bool {
        let weekday = hourOfWeek / 24
        let hour = hourOfWeek % 24
        let weekend = weekday >= 5
        switch manager % 4 {
        case 0: return !weekend && hour >= 8 && hour < 17
        case 1: return !weekend && hour >= 12 && hour < 21
        case 2: return hour >= 20 || hour < 8
        default: return weekend ? hour >= 8 && hour < 20 : hour >= 17 && hour < 21
        }
    }

    private func isOnShift(_ user: Int, _ now: Int64) -> Bool {
        let (hour, weekday) = Simulation.localHour(now)
        return Simulation.works(manager: user - Simulation.firstManager, hourOfWeek: weekday * 24 + hour)
    }

    /// A manager on shift now (other than `excluding` when possible), who has already joined.
    private func managerOnShift(_ now: Int64, excluding: Int = -1) -> Int {
        let (hour, weekday) = Simulation.localHour(now)
        let list = onShift[weekday * 24 + hour]
        for _ in 0..<4 where !list.isEmpty {
            let candidate = list[random.below(list.count)]
            if candidate != excluding && (candidate != lateJoiner || lateJoined) {
                return candidate
            }
        }
        let fallback = Simulation.firstManager + random.below(managerCount - 1)
        return fallback == excluding
            ? Simulation.firstManager + (fallback + 1 - Simulation.firstManager) % (managerCount - 1) : fallback
    }

    private func isOpen(_ dialog: DialogState, _ now: Int64) -> Bool {
        let limit = dialog.responsibleUser >= 0 ? Simulation.autoCloseAssigned : Simulation.autoCloseOther
        return !dialog.closed && now < dialog.lastActivity + limit
    }

    // MARK: - Setup

    private func writeSetup() {
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
    private func scheduleRecurring(_ kind: ActionKind, count: Int) {
        let meanGap = Double(end - start) / Double(count)
        recurringGaps[kind] = meanGap
        let first = start + Int64(random.exponential(mean: meanGap))
        if first < end {
            queue.push(kind, at: first)
        }
    }

    private func scheduleNext(_ kind: ActionKind, after now: Int64) {
        let gap = recurringGaps[kind, default: Double(Simulation.day)]
        let next = now + max(1000, Int64(random.exponential(mean: gap)))
        if next < end {
            queue.push(kind, at: next)
        }
    }

    private func writeUser(_ user: Int, _ at: Int64, name: String, chatAccess: Bool, admin: Bool, chatAdmin: Bool) {
        begin(.userUpserted, at)
        writer.id("user", "u", user)
        writer.string("name", name)
        writer.bool("chat_access", chatAccess)
        writer.bool("admin", admin)
        writer.bool("chat_admin", chatAdmin)
        writer.bool("active", true)
        writer.endEvent()
    }

    private func writeTimeLimits(_ at: Int64, by user: Int, channel: Int?, warning: Int?, processing: Int) {
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
    private func writeSetupBusinessHours(_ at: Int64) {
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
    private func writeBusinessHours(
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

    private func writeQuickReply(_ number: Int, _ at: Int64, text: String) {
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
    private func writeNewCustomer(_ at: Int64, lookalikeOf twin: Int? = nil) -> Int {
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
    private func existingCustomer(_ at: Int64) -> Int {
        for _ in 0..<6 where customerCount > 0 {
            let candidate = 1 + random.below(customerCount)
            if !retiredCustomers[candidate - 1] {
                return candidate
            }
        }
        return writeNewCustomer(at)
    }

    // MARK: - Global processes

    private func settingsChange(_ now: Int64, step: Int) {
        switch step {
        case 0:
            // The shop switches from round-robin default responsibles to the distribution bot.
            begin(.chatSettings, now)
            writer.actor("by", .user(Simulation.chatAdmin))
            writer.beginArray("default_responsible")
            writer.endArray()
            writer.endEvent()
            roundRobinActive = false
        case 1:
            writeUser(
                lateJoiner,
                now,
                name: SyntheticWorld.personName(1_000_000 + lateJoiner),
                chatAccess: true,
                admin: false,
                chatAdmin: false
            )
            lateJoined = true
        case 2:
            writeTimeLimits(now, by: Simulation.admin, channel: nil, warning: 900, processing: 2700)
            writeTimeLimits(now, by: Simulation.chatAdmin, channel: 1, warning: 300, processing: 1200)
            if configuration.businessHours {
                // The shop stays open until 20:00 on weekdays from now on.
                let keys: [StaticString] = ["mon", "tue", "wed", "thu", "fri"]
                let weekdays: [(key: StaticString, intervals: [(String, String)])] = keys.map {
                    ($0, [("09:00", "20:00")])
                }
                writeBusinessHours(
                    now,
                    channel: nil,
                    zone: "Europe/Kyiv",
                    week: weekdays + [("sat", [("10:00", "15:00")])],
                    holidays: [Simulation.localDate(start + 14 * Simulation.day)]
                )
            }
        default:
            writeQuickReply(3, now, text: "Delivery takes 1-2 days; courier delivery in the city is free from 2500.")
        }
    }

    private func standaloneOrder(_ now: Int64) {
        scheduleNext(.standaloneOrder, after: now)
        let customer = random.chance(0.4) ? writeNewCustomer(now) : existingCustomer(now)
        writeOrder(now, dialog: nil, customer: customer, by: managerOnShift(now))
    }

    private func mergePreparation(_ now: Int64) {
        scheduleNext(.mergePreparation, after: now)
        let survivor = existingCustomer(now)
        let duplicate = writeNewCustomer(now, lookalikeOf: survivor)
        retiredCustomers[duplicate - 1] = true
        if random.chance(0.5) {
            writeOrder(now, dialog: nil, customer: duplicate, by: managerOnShift(now))
        }
        let mergeAt = now + jitter(2 * Simulation.hour...3 * Simulation.day)
        if mergeAt < end {
            queue.push(.merge, at: mergeAt, target: Int32(duplicate), extra: Int32(survivor))
        }
    }

    private func internalMessage(_ now: Int64) {
        scheduleNext(.internalMessage, after: now)
        let from = managerOnShift(now)
        let to = managerOnShift(now, excluding: from)
        threadNumber += 1
        messageNumber += 1
        begin(.internalMessage, now)
        writer.trafficID("thread", "th", threadNumber)
        writer.actor("by", .user(from))
        writer.actor("to", .user(to))
        writer.trafficID("message", "m", messageNumber)
        writer.string("text", pick(SyntheticWorld.internalTexts))
        writer.endEvent()
    }

    // MARK: - Dialog arrivals

    /// The opening instant of dialog `index`: stratified inverse-CDF sampling over the
    /// hourly weights, so exactly `dialogs` dialogs open, in ascending time.
    private func arrivalTime(_ index: Int) -> Int64 {
        let total = hourCumulative.last ?? 1
        let target = (Double(index) + random.unit()) / Double(configuration.dialogs) * total
        while arrivalHour < hourCumulative.count - 1 && hourCumulative[arrivalHour] <= target {
            arrivalHour += 1
        }
        let low = arrivalHour == 0 ? 0 : hourCumulative[arrivalHour - 1]
        let fraction = (target - low) / max(hourCumulative[arrivalHour] - low, 1e-9)
        let instant = start + Int64(arrivalHour) * Simulation.hour + Int64(fraction * Double(Simulation.hour))
        return max(start + 1000, instant / 1000 * 1000)
    }

    private func openDialog(_ now: Int64) {
        dialogNumber += 1
        if dialogNumber < configuration.dialogs {
            queue.push(.newDialog, at: max(now, arrivalTime(dialogNumber)))
        }
        var dialog = DialogState()
        dialog.number = dialogNumber
        let u = random.unit()
        dialog.channel = channelCumulative.firstIndex { u < $0 } ?? 0
        contactNumber += 1
        dialog.contact = contactNumber
        dialog.burstLeft = burstExtra()
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            dialogs[slot] = dialog
        } else {
            slot = dialogs.count
            dialogs.append(dialog)
        }
        customerMessage(slot, now)
    }

    private func burstExtra() -> Int {
        var extra = 0
        while extra < 6 && random.chance(RealismParameters.burstContinuation) {
            extra += 1
        }
        return extra
    }

    private func finish(_ slot: Int) {
        freeSlots.append(slot)
    }

    /// Schedules the dialog's next flow step, or ends the dialog when it falls past the window.
    private func flow(_ slot: Int, _ kind: ActionKind, at time: Int64, flag: UInt8 = 0, value: Int64 = 0) {
        if time >= end {
            finish(slot)
        } else {
            queue.push(kind, at: time, target: Int32(slot), value: value, flag: flag)
        }
    }

    /// A new (or newly accepted) dialog gets the next default responsible while round robin is on.
    private func assignAsNew(_ slot: Int) {
        if roundRobinActive && dialogs[slot].responsibleUser < 0 {
            dialogs[slot].responsibleUser = roundRobinList[roundRobinPosition % roundRobinList.count]
            roundRobinPosition += 1
        }
    }

    // MARK: - Dialog flow

    private func customerMessage(_ slot: Int, _ now: Int64) {
        var dialog = dialogs[slot]
        let first = dialog.lastCustomerMessage == 0
        messageNumber += 1
        let message = messageNumber
        // Only a message that changes no state the domain acts on may arrive late: not one that
        // opens, reopens or unblocks the dialog (the domain would see those changes later). When
        // the dialog is closed before the late line is written, it reopens then (see
        // `lateMessageArrived`).
        let late = !first && isOpen(dialog, now) && !dialog.botBlocked && random.chance(RealismParameters.lateArrival)
        begin(.messageReceived, now, offsetHours: random.chance(0.01) ? 3 : 0)
        writer.trafficID("dialog", "d", dialog.number, width: Simulation.dialogIdWidth)
        writer.id("channel", "ch", dialog.channel + 1)
        writer.trafficID("contact", "k", dialog.contact)
        writer.trafficID("message", "m", message)
        writer.string("text", pick(SyntheticWorld.customerTexts))
        writeAttachments(probability: 0.06)
        if !first && dialog.lastOutgoingMessage > 0 && random.chance(0.04) {
            writer.trafficID("quote", "m", dialog.lastOutgoingMessage)
        } else {
            writer.null("quote")
        }
        writer.endEvent()
        if late {
            storedKey &+= 1
            storedLines[storedKey] = (.messageReceived, writer.removeLastLine(), slot, dialog.number)
            summary.unrecord(.messageReceived)  // counted when it is finally emitted
            queue.push(.storedLine, at: now + jitter(Simulation.minute...40 * Simulation.minute), target: storedKey)
        }

        if !late {
            dialog.lastCustomerMessage = message  // replies quote only messages already ingested
        }
        dialog.lastActivity = now
        dialog.closed = false
        dialog.botBlocked = false
        if first {
            dialog.pending = SyntheticWorld.channels[dialog.channel].privacy
        }
        dialogs[slot] = dialog
        if first && !dialog.pending {
            assignAsNew(slot)
        }

        if dialog.burstLeft > 0 {
            dialogs[slot].burstLeft -= 1
            let gap = random.logNormal(
                median: RealismParameters.burstGapMedianSeconds,
                sigma: RealismParameters.burstGapSigma
            )
            flow(slot, .customerMessage, at: now + seconds(min(gap, 900)) + 1000)
        } else if dialog.pending {
            if random.chance(0.85) {
                flow(slot, .privacyAcceptance, at: now + jitter(20 * Simulation.second...15 * Simulation.minute))
            } else {
                finish(slot)  // never accepted: the domain auto-closes it after 30 days
            }
        } else {
            respond(slot, now)
        }
    }

    /// A late customer message is ingested only now. If the dialog was closed meanwhile (the
    /// manager or the bot closed it after answering), the domain reopens it (SPEC §1: "A customer
    /// message to a closed dialog reopens it; its responsible stays"), so the model does too; the
    /// auto-close timers keep running from the last activity, which the late message does not move.
    private func lateMessageArrived(slot: Int, dialog number: Int) {
        guard slot < dialogs.count, dialogs[slot].number == number, dialogs[slot].closed else { return }
        dialogs[slot].closed = false
    }

    private func privacyAcceptance(_ slot: Int, _ now: Int64) {
        begin(.privacyAccepted, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        writer.endEvent()
        dialogs[slot].pending = false
        assignAsNew(slot)
        respond(slot, now)
    }

    /// Plans what answers the customer: the chat bot's greeting, the distribution bot, or a user.
    private func respond(_ slot: Int, _ now: Int64) {
        let dialog = dialogs[slot]
        let channel = SyntheticWorld.channels[dialog.channel]
        if channel.greeting && !dialog.greeted {
            flow(slot, .botGreeting, at: now + jitter(Simulation.second...4 * Simulation.second))
            return
        }
        if dialog.responsibleUser < 0 && dialog.responsibleBot < 0 && !roundRobinActive && channel.kind != .email {
            flow(slot, .botAssignment, at: now + jitter(2 * Simulation.second...40 * Simulation.second))
            return
        }
        var delay = seconds(
            RealismParameters.replyDelaySeconds(random.unit()) * RealismParameters.replyDelayFactor(kind: channel.kind)
        )
        if dialog.responsibleBot >= 0 {
            delay = jitter(Simulation.second...5 * Simulation.second)
        }
        let replyAt = now + max(delay, Simulation.second)
        if dialog.responsibleUser >= 0 && replyAt - now > 2 * Simulation.minute && random.chance(0.12) {
            flow(slot, .draft, at: replyAt - jitter(10 * Simulation.second...90 * Simulation.second), value: replyAt)
        } else {
            flow(slot, .reply, at: replyAt)
        }
    }

    private func botGreeting(_ slot: Int, _ now: Int64) {
        dialogs[slot].greeted = true
        writeOutgoing(slot, now, by: .bot(Simulation.chatBot), text: pick(SyntheticWorld.greetingTexts), canFail: false)
        respond(slot, now)
    }

    private func botAssignment(_ slot: Int, _ now: Int64) {
        let toBot = SyntheticWorld.channels[dialogs[slot].channel].kind == .telegram && random.chance(0.15)
        begin(.dialogAssigned, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        if toBot {
            writer.actor("to", .bot(Simulation.chatBot))
            dialogs[slot].responsibleBot = Simulation.chatBot
        } else {
            let user = managerOnShift(now)
            writer.actor("to", .user(user))
            dialogs[slot].responsibleUser = user
        }
        writer.actor("by", .bot(Simulation.distributionBot))
        writer.endEvent()
        respond(slot, now)
    }

    private func draft(_ slot: Int, _ now: Int64, replyAt: Int64) {
        let user = dialogs[slot].responsibleUser
        if user >= 0 {
            begin(.draftSaved, now)
            writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
            writer.actor("by", .user(user))
            writer.string("text", pick(SyntheticWorld.draftTexts))
            writer.endEvent()
        }
        flow(slot, .reply, at: replyAt)
    }

    private func reassign(_ slot: Int, _ now: Int64, to user: Int, by actor: Actor) {
        begin(.dialogAssigned, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        writer.actor("to", .user(user))
        writer.actor("by", actor)
        writer.endEvent()
        dialogs[slot].responsibleUser = user
        dialogs[slot].responsibleBot = -1
    }

    /// Reply modes carried in the action's flag.
    private enum ReplyMode {
        static let normal: UInt8 = 0
        static let second: UInt8 = 1
        static let retry: UInt8 = 2
        static let followUp: UInt8 = 3
    }

    private func reply(_ slot: Int, _ now: Int64, mode: UInt8) {
        if dialogs[slot].responsibleBot >= 0 {
            botReply(slot, now)
            return
        }
        var writerUser = dialogs[slot].responsibleUser
        if writerUser >= 0 {
            if !isOnShift(writerUser, now) && random.chance(0.5) {
                // Handover at the end of a shift, by the responsible itself.
                let colleague = managerOnShift(now, excluding: writerUser)
                reassign(slot, now, to: colleague, by: .user(writerUser))
                writerUser = colleague
            } else if mode == ReplyMode.normal && random.chance(0.02) {
                // Load balancing by an administrator.
                let colleague = managerOnShift(now, excluding: writerUser)
                let by = random.chance(0.5) ? Simulation.admin : Simulation.chatAdmin
                reassign(slot, now, to: colleague, by: .user(by))
                writerUser = colleague
            }
        } else {
            writerUser = managerOnShift(now)
        }

        if dialogs[slot].botBlocked {
            // Accepted by the domain but stored as failed (`bot_blocked`): no statuses follow,
            // and it makes nobody responsible.
            writeOutgoing(
                slot,
                now,
                by: .user(writerUser),
                text: pick(SyntheticWorld.managerTexts),
                canFail: false,
                blocked: true
            )
            endConversation(slot, now, reopen: 0.3)
            return
        }
        let failed = writeOutgoing(
            slot,
            now,
            by: .user(writerUser),
            text: nil,
            canFail: dialogs[slot].responsibleUser >= 0
        )
        if dialogs[slot].responsibleUser < 0 {
            dialogs[slot].responsibleUser = writerUser  // first_responder_takes_dialog
        }
        if failed {
            flow(slot, .reply, at: now + jitter(30 * Simulation.second...3 * Simulation.minute), flag: ReplyMode.retry)
            return
        }
        if mode == ReplyMode.followUp {
            endConversation(slot, now, reopen: RealismParameters.reopen)
            return
        }
        if mode != ReplyMode.second && random.chance(RealismParameters.secondReply) {
            flow(
                slot,
                .reply,
                at: now + jitter(10 * Simulation.second...90 * Simulation.second),
                flag: ReplyMode.second
            )
            return
        }
        afterReply(slot, now)
    }

    private func afterReply(_ slot: Int, _ now: Int64) {
        if random.chance(RealismParameters.nextRound) {
            dialogs[slot].burstLeft = burstExtra()
            let answer = random.logNormal(
                median: RealismParameters.customerAnswerMedianSeconds,
                sigma: RealismParameters.customerAnswerSigma
            )
            flow(slot, .customerMessage, at: now + seconds(min(answer, 86_400)) + 1000)
        } else if !dialogs[slot].hasOrder && random.chance(RealismParameters.order) {
            flow(slot, .order, at: now + jitter(2 * Simulation.minute...30 * Simulation.minute))
        } else {
            endConversation(slot, now, reopen: RealismParameters.reopen)
        }
    }

    private func botReply(_ slot: Int, _ now: Int64) {
        writeOutgoing(slot, now, by: .bot(Simulation.chatBot), text: pick(SyntheticWorld.faqTexts), canFail: false)
        if random.chance(0.6) {
            begin(.dialogClosed, now)
            writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
            writer.actor("by", .bot(Simulation.chatBot))
            writer.endEvent()
            dialogs[slot].closed = true
            scheduleReopen(slot, now, probability: RealismParameters.reopen)
        } else {
            // The bot hands the customer over to a person.
            let user = managerOnShift(now)
            reassign(slot, now, to: user, by: .bot(Simulation.chatBot))
            respond(slot, now)
        }
    }

    /// The conversation is over for now: the responsible closes it, or leaves it to auto-close
    /// (sometimes the contact then blocks the bot).
    private func endConversation(_ slot: Int, _ now: Int64, reopen: Double) {
        let dialog = dialogs[slot]
        if random.chance(RealismParameters.closeByManager) {
            flow(slot, .close, at: now + jitter(2 * Simulation.minute...60 * Simulation.minute))
        } else if dialog.responsibleUser >= 0 && !dialog.botBlocked && random.chance(0.015) {
            flow(slot, .blockBot, at: now + jitter(Simulation.hour...30 * Simulation.hour))
        } else {
            if dialog.customer < 0 && dialog.responsibleUser >= 0 && random.chance(0.1) {
                link(slot, now, by: dialog.responsibleUser)
            }
            scheduleReopen(slot, now, probability: reopen)
        }
    }

    private func close(_ slot: Int, _ now: Int64) {
        let dialog = dialogs[slot]
        if isOpen(dialog, now) {
            let by = dialog.responsibleUser >= 0 ? dialog.responsibleUser : Simulation.chatAdmin
            begin(.dialogClosed, now)
            writer.trafficID("dialog", "d", dialog.number, width: Simulation.dialogIdWidth)
            writer.actor("by", .user(by))
            writer.endEvent()
            dialogs[slot].closed = true
        }
        scheduleReopen(slot, now, probability: RealismParameters.reopen)
    }

    private func blockBot(_ slot: Int, _ now: Int64) {
        begin(.contactBlockedBot, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        writer.endEvent()
        dialogs[slot].botBlocked = true
        flow(slot, .reply, at: now + jitter(10 * Simulation.minute...20 * Simulation.hour), flag: ReplyMode.followUp)
    }

    private func scheduleReopen(_ slot: Int, _ now: Int64, probability: Double) {
        if random.chance(probability) {
            dialogs[slot].burstLeft = burstExtra()
            flow(slot, .customerMessage, at: now + jitter(Simulation.day...10 * Simulation.day))
        } else {
            finish(slot)
        }
    }

    private func link(_ slot: Int, _ now: Int64, by user: Int) {
        let customer = random.chance(0.25) ? existingCustomer(now) : writeNewCustomer(now)
        begin(.dialogLinked, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        writer.trafficID("customer", "c", customer)
        writer.actor("by", .user(user))
        writer.endEvent()
        dialogs[slot].customer = customer
    }

    private func chatOrder(_ slot: Int, _ now: Int64) {
        let dialog = dialogs[slot]
        let user = dialog.responsibleUser >= 0 ? dialog.responsibleUser : Simulation.chatAdmin
        if dialog.customer < 0 || retiredCustomers[dialog.customer - 1] {
            link(slot, now, by: user)
        }
        dialogs[slot].hasOrder = true
        // The domain attaches the order to the store mapped to the dialog's channel.
        writeOrder(now, dialog: dialog.number, customer: dialogs[slot].customer, by: user)
        endConversation(slot, now, reopen: RealismParameters.reopen)
    }

    // MARK: - Messages

    /// Writes `message.sent` and schedules its statuses and edits.
    ///
    /// - Returns: whether the send will be reported `failed` (the caller retries).
    @discardableResult
    private func writeOutgoing(
        _ slot: Int,
        _ now: Int64,
        by actor: Actor,
        text: String?,
        canFail: Bool,
        blocked: Bool = false
    ) -> Bool {
        let dialog = dialogs[slot]
        messageNumber += 1
        let message = messageNumber
        begin(.messageSent, now)
        writer.trafficID("dialog", "d", dialog.number, width: Simulation.dialogIdWidth)
        writer.trafficID("message", "m", message)
        writer.actor("by", actor)
        var quickReply = 0
        if let text {
            writer.string("text", text)
        } else if random.chance(0.1) {
            quickReply = 1 + random.below(SyntheticWorld.quickReplies.count)
            let template = SyntheticWorld.quickReplies[quickReply - 1].text
            writer.string("text", SyntheticWorld.expand(template, customer: dialog.customer, contact: dialog.contact))
        } else if random.chance(0.003) {
            writer.string("text", SyntheticWorld.longText)
        } else {
            writer.string("text", pick(SyntheticWorld.managerTexts))
        }
        writeAttachments(probability: text == nil ? 0.04 : 0)
        if dialog.lastCustomerMessage > 0 && random.chance(0.05) {
            writer.trafficID("quote", "m", dialog.lastCustomerMessage)
        } else {
            writer.null("quote")
        }
        if quickReply > 0 {
            writer.id("quick_reply", "qr", quickReply)
        } else {
            writer.null("quick_reply")
        }
        writer.endEvent()
        if blocked {
            return false
        }
        // Writing into an auto-closed dialog re-initiates the conversation but leaves it closed
        // until the customer writes.
        if !isOpen(dialogs[slot], now) {
            dialogs[slot].closed = true
        }
        dialogs[slot].lastActivity = now
        dialogs[slot].lastOutgoingMessage = message

        let failed = canFail && random.chance(RealismParameters.failedSend)
        if failed {
            queue.push(
                .messageStatus,
                at: now + jitter(Simulation.second...8 * Simulation.second),
                value: Int64(message),
                flag: 4
            )
            return true
        }
        var at = now + jitter(200_000...2 * Simulation.second)
        queue.push(.messageStatus, at: at, value: Int64(message), flag: 1)
        if random.chance(RealismParameters.delivered) {
            at += jitter(500_000...15 * Simulation.second)
            queue.push(.messageStatus, at: at, value: Int64(message), flag: 2)
            if random.chance(RealismParameters.read) {
                at += seconds(random.logNormal(median: 180, sigma: 1.6))
                if at < end {
                    queue.push(.messageStatus, at: at, value: Int64(message), flag: 3)
                }
            }
        }
        if text == nil && random.chance(0.03) {
            queue.push(
                .messageEdit,
                at: now + jitter(10 * Simulation.second...90 * Simulation.second),
                value: Int64(message)
            )
        }
        return false
    }

    private func writeAttachments(probability: Double) {
        writer.beginArray("attachments")
        if random.chance(probability) {
            let count = random.chance(0.8) ? 1 : 2
            var budget = 20_971_520
            for _ in 0..<count {
                let kind = pick(SyntheticWorld.attachmentKinds)
                let size = min(budget, random.between(kind.minBytes...kind.maxBytes))
                budget -= size
                writer.beginObject()
                writer.string("name", kind.name)
                writer.int("size", size)
                writer.string("mime", kind.mime)
                writer.endObject()
            }
        }
        writer.endArray()
    }

    private func messageStatus(_ action: ScheduledAction) {
        begin(.messageStatus, action.time)
        writer.trafficID("message", "m", Int(action.value))
        switch action.flag {
        case 1: writer.literal("status", "sent")
        case 2: writer.literal("status", "delivered")
        case 3: writer.literal("status", "read")
        default: writer.literal("status", "failed")
        }
        if action.flag == 4 {
            writer.literal("error", "provider_timeout")
        } else {
            writer.null("error")
        }
        writer.endEvent()
    }

    // MARK: - Orders

    private func writeOrder(_ now: Int64, dialog: Int?, customer: Int, by user: Int) {
        orderNumber += 1
        let order = orderNumber
        begin(.orderCreated, now)
        writer.trafficID("order", "o", order)
        writer.string("number", "\(10_000 + order)\(dialog == nil ? "W" : "C")")
        if let dialog {
            writer.trafficID("dialog", "d", dialog, width: Simulation.dialogIdWidth)
        } else {
            writer.null("dialog")
        }
        writer.trafficID("customer", "c", customer)
        writer.actor("by", .user(user))
        writer.beginArray("items")
        let itemCount = 1 + min(3, Int(random.exponential(mean: 0.8)))
        var first = random.below(Simulation.offers)
        var total: Int64 = 0
        for _ in 0..<itemCount {
            first = (first + 1 + random.below(37)) % Simulation.offers  // distinct: strictly walking forward
            let quantity = random.chance(0.8) ? 1 : random.between(2...3)
            let price = SyntheticWorld.price(ofOffer: first + 1)
            total += price * Int64(quantity)
            writer.beginObject()
            writer.id("offer", "sku", first + 1)
            writer.int("quantity", quantity)
            writer.money("price", cents: price)
            writer.endObject()
        }
        writer.endArray()
        let delivery = pick(SyntheticWorld.deliveryTypes)
        writer.beginObject("delivery")
        writer.literal("type", delivery.type)
        writer.money("cost", cents: delivery.costCents)
        writer.endObject()
        writer.endEvent()
        total += delivery.costCents

        let plan: UInt8 = random.chance(RealismParameters.orderCancelled) ? 2 : (random.chance(0.35) ? 1 : 0)
        queue.push(
            .orderStep,
            at: now + jitter(5 * Simulation.minute...3 * Simulation.hour),
            target: Int32(order),
            extra: Int32(user),
            value: total,
            flag: plan << 4
        )
        if random.chance(0.2) {
            taskNumber += 1
            let responsible = managerOnShift(now)
            let due = now + jitter(4 * Simulation.hour...2 * Simulation.day)
            begin(.taskCreated, now)
            writer.trafficID("task", "t", taskNumber)
            writer.actor("by", .user(user))
            writer.string("text", "Call the customer to confirm order \(10_000 + order)")
            writer.timestamp("due", due)
            writer.id("responsible", "u", responsible)
            if random.chance(0.7) {
                writer.trafficID("order", "o", order)
            } else {
                writer.trafficID("customer", "c", customer)
            }
            writer.endEvent()
            if random.chance(0.8) {
                let doneAt = now + jitter(30 * Simulation.minute...2 * Simulation.day)
                if doneAt < end {
                    queue.push(.taskCompletion, at: doneAt, target: Int32(taskNumber), extra: Int32(responsible))
                }
            }
        }
    }

    /// Order life: plan 0 pays in full (cash, paid on delivery), plan 1 prepays 30 % then the
    /// rest, plan 2 is cancelled (sometimes after an unpaid payment was planned).
    private func orderStep(_ action: ScheduledAction) {
        let now = action.time
        let order = Int(action.target)
        let plan = action.flag >> 4
        let step = action.flag & 15
        let total = action.value
        let user = Int(action.extra)
        var nextGap: Int64 = 0
        switch (plan, step) {
        case (2, 0):
            if random.chance(0.4) {
                writePayment(now, order: order, index: 1, method: "card_online", cents: total, paid: false)
            }
            writeOrderStatus(now, order: order, status: "cancelled", by: user)
        case (0, 0):
            writePayment(now, order: order, index: 1, method: "cash", cents: total, paid: false)
            nextGap = jitter(2 * Simulation.hour...Simulation.day)
        case (1, 0):
            writePayment(now, order: order, index: 1, method: "card", cents: total * 3 / 10, paid: true)
            nextGap = jitter(2 * Simulation.hour...Simulation.day)
        case (_, 1):
            writeOrderStatus(now, order: order, status: "assembling", by: user)
            nextGap = jitter(6 * Simulation.hour...2 * Simulation.day)
        case (_, 2):
            writeOrderStatus(now, order: order, status: "delivering", by: user)
            nextGap = jitter(12 * Simulation.hour...3 * Simulation.day)
        default:
            writeOrderStatus(now, order: order, status: "completed", by: user)
            if plan == 0 {
                writePayment(now, order: order, index: 1, method: "cash", cents: total, paid: true)
            } else {
                writePayment(now, order: order, index: 2, method: "cash", cents: total - total * 3 / 10, paid: true)
            }
        }
        if nextGap > 0 && now + nextGap < end {
            var next = action
            next.flag = plan << 4 | (step + 1)
            queue.push(
                .orderStep,
                at: now + nextGap,
                target: next.target,
                extra: next.extra,
                value: next.value,
                flag: next.flag
            )
        }
    }

    private func writeOrderStatus(_ now: Int64, order: Int, status: StaticString, by user: Int) {
        begin(.orderStatus, now)
        writer.trafficID("order", "o", order)
        writer.literal("status", status)
        writer.actor("by", .user(user))
        writer.endEvent()
    }

    private func writePayment(_ now: Int64, order: Int, index: Int, method: StaticString, cents: Int64, paid: Bool) {
        begin(.orderPayment, now)
        writer.trafficID("order", "o", order)
        writer.trafficID("payment", "p", order * 4 + index)
        writer.literal("method", method)
        writer.money("amount", cents: cents)
        writer.bool("paid", paid)
        writer.endEvent()
    }
}

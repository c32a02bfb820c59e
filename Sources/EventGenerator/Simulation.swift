import ChatDomain
import Foundation

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
    var random: DeterministicRandom
    var writer: JSONLineWriter
    var summary = GeneratorSummary()
    var queue = ActionQueue()
    let start: Int64
    let end: Int64
    var setupDone = false

    var eventNumber: UInt64 = 0
    var dialogNumber = 0
    var messageNumber = 0
    var customerCount = 0
    var orderNumber = 0
    var taskNumber = 0
    var threadNumber = 0
    var contactNumber = 0

    var dialogs: [SimulatedDialog] = []
    var freeSlots: [Int] = []
    /// Late lines waiting to be written, with the dialog (slot and number) they belong to.
    var storedLines: [Int32: (type: EventType, bytes: [UInt8], slot: Int, dialog: Int)] = [:]
    var storedKey: Int32 = 0
    /// Customers merged away (or about to be): never picked again.
    var retiredCustomers: [Bool] = []
    /// Mean gap in microseconds between actions of each global process.
    var recurringGaps: [ActionKind: Double] = [:]

    let managerCount: Int
    /// The manager who joins mid-way (user index), usable only after `lateJoinAt`.
    let lateJoiner: Int
    let lateJoinAt: Int64
    var lateJoined = false
    /// `default_responsible` is the managers list until the mid-way switch to the distribution bot.
    var roundRobinActive = true
    var roundRobinPosition = 0
    let roundRobinList: [Int]
    /// Managers on shift for each hour of the week (Monday 00:00 first).
    let onShift: [[Int]]
    let channelCumulative: [Double]

    // Dialog arrivals: stratified over hourly weights so the count is exact and times ascend.
    let hourCumulative: [Double]
    var arrivalHour = 0

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

    func perform(_ action: ScheduledAction) {
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

    func begin(_ type: EventType, _ at: Int64, offsetHours: Int = 0) {
        eventNumber += 1
        summary.record(type)
        writer.beginEvent(id: eventNumber, type: type, at: at, offsetHours: offsetHours)
    }

    func pick<T>(_ items: [T]) -> T {
        items[random.below(items.count)]
    }

    func seconds(_ value: Double) -> Int64 {
        Int64(value * 1_000_000)
    }

    /// A random instant offset, at millisecond precision.
    func jitter(_ range: ClosedRange<Int64>) -> Int64 {
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

    func isOnShift(_ user: Int, _ now: Int64) -> Bool {
        let (hour, weekday) = Simulation.localHour(now)
        return Simulation.works(manager: user - Simulation.firstManager, hourOfWeek: weekday * 24 + hour)
    }

    /// A manager on shift now (other than `excluding` when possible), who has already joined.
    func managerOnShift(_ now: Int64, excluding: Int = -1) -> Int {
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

    func isOpen(_ dialog: SimulatedDialog, _ now: Int64) -> Bool {
        let limit = dialog.responsibleUser >= 0 ? Simulation.autoCloseAssigned : Simulation.autoCloseOther
        return !dialog.closed && now < dialog.lastActivity + limit
    }
}

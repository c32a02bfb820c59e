import ChatDomain

/// Everything fixed for one report: parameters, lookups and settings histories, with the
/// indexes the engine needs built once (day boundaries, key slots, sorted timelines).
///
/// Build it once and hand copies to every ``SLAAccumulator`` (it is a copy-on-write value).
///
/// ```swift
/// let configuration = try ReportConfiguration(parameters: parameters, channels: channels,
///     stores: stores, users: users, bots: bots, timeLimits: limits, policies: policies)
/// var accumulator = SLAAccumulator(configuration: configuration)
/// ```
public struct ReportConfiguration: Sendable {
    /// Limits in µs as used by the clock.
    struct Limits: Sendable, Hashable {
        var warning: Int64?
        var processing: Int64
    }

    struct Policy: Sendable, Hashable {
        var clockStart: PolicySetting.ClockStart = .lastCustomerMessage
        var botRepliesStopClock = false
    }

    public let parameters: ReportParameters
    public let channels: [ChannelInfo]
    public let stores: [StoreInfo]
    public let users: [UserInfo]
    public let bots: [BotInfo]

    let calendar: ReportCalendar
    let channelIndex: DenseIndex
    let userIndex: DenseIndex
    let botIndex: DenseIndex
    let storeIndex: DenseIndex
    /// Per channel slot: whether the channel filter keeps it.
    let channelIncluded: [Bool]
    /// Per user slot: whether the user exists by `as_of`.
    let userKnown: [Bool]
    private let defaultLimits: SettingsTimeline<Limits>
    private let channelLimits: [SettingsTimeline<Limits>]
    private let policies: SettingsTimeline<Policy>
    /// Business hours **[ext]**: entries are indexes into `workingCalendars`, or -1 for round the clock.
    private let defaultSchedules: SettingsTimeline<Int>
    private let channelSchedules: [SettingsTimeline<Int>]
    /// One per schedule entry with hours, over the span the report's clocks can reach.
    let workingCalendars: [WorkingCalendar]
    /// The schedule entries, parallel to `workingCalendars`' indexes (for "settings used").
    private let scheduleHours: [BusinessHours]
    /// Per channel slot: limits that replace the channel's whole history (`chatsla tune`).
    var limitsOverride: [Limits?] = []
    /// A `clock_start` that replaces the policy history's (`chatsla tune`).
    var clockStartOverride: PolicySetting.ClockStart?

    /// `businessHours` is the business-hours history **[ext]**: the working calendars of its
    /// entries are built here once, over the local days from two before the period to two after
    /// `as_of` or the period's end, whichever is later (every instant a clock of the period's
    /// episodes can reach).
    /// - Throws: ``ReportConfigurationError`` when `from` is after `to`.
    public init(
        parameters: ReportParameters,
        channels: [ChannelInfo],
        stores: [StoreInfo],
        users: [UserInfo],
        bots: [BotInfo],
        timeLimits: [TimeLimitSetting<ChannelKey>],
        policies: [PolicySetting],
        businessHours: [ScheduleSetting] = []
    ) throws(ReportConfigurationError) {
        guard parameters.from <= parameters.to else {
            throw .emptyPeriod(from: parameters.from, to: parameters.to)
        }
        self.parameters = parameters
        self.channels = channels
        self.stores = stores
        self.users = users
        self.bots = bots
        calendar = ReportCalendar(from: parameters.from, to: parameters.to, timeZone: parameters.timeZone.foundation)
        channelIndex = DenseIndex(keys: channels.map(\.key.rawValue))
        userIndex = DenseIndex(keys: users.map(\.key.rawValue))
        botIndex = DenseIndex(keys: bots.map(\.key.rawValue))
        storeIndex = DenseIndex(keys: stores.map(\.key.rawValue))
        channelIncluded = channels.map { parameters.channelFilter?.contains($0.sourceID) ?? true }
        userKnown = users.map { $0.knownFrom <= parameters.asOf }

        // Settings stamped after as_of do not exist for this report.
        let limits = timeLimits.filter { $0.effectiveAt <= parameters.asOf }
        func timeline(_ items: [TimeLimitSetting<ChannelKey>]) -> SettingsTimeline<Limits> {
            SettingsTimeline(
                items.map {
                    (
                        at: $0.effectiveAt, seq: $0.seq,
                        entry: Limits(
                            warning: $0.warningSeconds.map { $0 * 1_000_000 },
                            processing: $0.processingSeconds * 1_000_000
                        )
                    )
                }
            )
        }
        defaultLimits = timeline(limits.filter { $0.channel == nil })
        var perChannel = [[TimeLimitSetting<ChannelKey>]](repeating: [], count: channels.count)
        let index = channelIndex
        for setting in limits {
            if let channel = setting.channel, let slot = index.slot(channel.rawValue) {
                perChannel[slot].append(setting)
            }
        }
        channelLimits = perChannel.map(timeline)
        let spanStart = calendar.periodStart - 2 * 86_400_000_000
        let spanEnd = max(parameters.asOf, calendar.periodEnd) + 2 * 86_400_000_000
        var calendars: [WorkingCalendar] = []
        var hoursOfCalendars: [BusinessHours] = []
        var defaultEntries: [(at: Int64, seq: Int64, entry: Int)] = []
        var channelEntries = [[(at: Int64, seq: Int64, entry: Int)]](repeating: [], count: channels.count)
        for setting in businessHours where setting.effectiveAt <= parameters.asOf {
            var entry = -1
            if let hours = setting.hours {
                entry = calendars.count
                // Episodes under this entry open at or after it took effect.
                let from = max(spanStart, setting.effectiveAt - 2 * 86_400_000_000)
                calendars.append(WorkingCalendar(hours: hours, from: from, to: spanEnd))
                hoursOfCalendars.append(hours)
            }
            if let channel = setting.channel {
                if let slot = index.slot(channel.rawValue) {
                    channelEntries[slot].append((setting.effectiveAt, setting.seq, entry))
                }
            } else {
                defaultEntries.append((setting.effectiveAt, setting.seq, entry))
            }
        }
        workingCalendars = calendars
        scheduleHours = hoursOfCalendars
        defaultSchedules = SettingsTimeline(defaultEntries)
        channelSchedules = channelEntries.map { SettingsTimeline($0) }
        self.policies = SettingsTimeline(
            policies.filter { $0.effectiveAt <= parameters.asOf }.map {
                (
                    at: $0.effectiveAt, seq: $0.seq,
                    entry: Policy(clockStart: $0.clockStart, botRepliesStopClock: $0.botRepliesStopClock)
                )
            }
        )
    }

    /// The period's first instant: local midnight of `from` (µs since the Unix epoch).
    public var periodStart: Int64 { calendar.periodStart }

    /// The instant after the period: local midnight of the day after `to` (exclusive).
    public var periodEnd: Int64 { calendar.periodEnd }

    /// The policy in effect at `as_of` or at the period's end, whichever is earlier (as the
    /// limits in `channels.csv`), for the report's "settings used".
    public var reportedPolicy: (clockStart: PolicySetting.ClockStart, botRepliesStopClock: Bool) {
        let policy =
            parameters.asOf < calendar.periodEnd
            ? self.policy(at: parameters.asOf, seq: .max) : self.policy(at: calendar.periodEnd - 1, seq: .max)
        return (policy.clockStart, policy.botRepliesStopClock)
    }

    /// The channel's own limits in effect at (`at`, `seq`), else the default's; `nil` when none.
    /// - Complexity: O(log n) in the history's length.
    func limits(channelSlot: Int, at: Int64, seq: Int64) -> Limits? {
        if channelSlot < limitsOverride.count, let replaced = limitsOverride[channelSlot] { return replaced }
        return channelLimits[channelSlot].inEffect(at: at, seq: seq) ?? defaultLimits.inEffect(at: at, seq: seq)
    }

    /// The schedule entry in effect at (`at`, `seq`) for the channel: its own, else the default's;
    /// -1 for round the clock (an own `hours: null`, or nothing in effect).
    /// - Complexity: O(log n) in the history's length.
    private func scheduleEntry(channelSlot: Int, at: Int64, seq: Int64) -> (entry: Int, source: ScheduleSource) {
        if let own = channelSchedules[channelSlot].inEffect(at: at, seq: seq) { return (own, .own) }
        if let fallback = defaultSchedules.inEffect(at: at, seq: seq) { return (fallback, .default) }
        return (-1, .none)
    }

    /// The working calendar of the business hours in effect at (`at`, `seq`) for the channel, or
    /// `nil` when its clock runs round the clock.
    /// - Complexity: O(log n) in the history's length.
    func workingCalendar(channelSlot: Int, at: Int64, seq: Int64) -> WorkingCalendar? {
        let entry = scheduleEntry(channelSlot: channelSlot, at: at, seq: seq).entry
        return entry < 0 ? nil : workingCalendars[entry]
    }

    /// Where a channel's business hours come from.
    public enum ScheduleSource: String, Sendable, Hashable {
        /// Its own setting (hours, or its own `hours: null`).
        case own
        /// The default for all channels.
        case `default`
        /// Nothing set: round the clock.
        case none
    }

    /// The business hours of a channel shown in the report's "settings used": in effect at
    /// `as_of` or at the period's end, whichever is earlier (as the limits); `hours` is `nil` for
    /// round the clock.
    public func reportedBusinessHours(channelSlot: Int) -> (hours: BusinessHours?, source: ScheduleSource) {
        let instant = parameters.asOf < calendar.periodEnd ? parameters.asOf : calendar.periodEnd - 1
        let (entry, source) = scheduleEntry(channelSlot: channelSlot, at: instant, seq: .max)
        return (entry < 0 ? nil : scheduleHours[entry], source)
    }

    /// Whether any business hours are in the history the report sees (its page says then that
    /// breach times count working hours).
    public var usesBusinessHours: Bool { !workingCalendars.isEmpty }

    func policy(at: Int64, seq: Int64) -> Policy {
        var policy = policies.inEffect(at: at, seq: seq) ?? Policy()
        if let clockStartOverride { policy.clockStart = clockStartOverride }
        return policy
    }

    /// Limits printed in `channels.csv`: in effect at `as_of` or at the period's end, whichever
    /// is earlier; a setting effective exactly at the period's end is not yet in effect.
    func reportedLimits(channelSlot: Int) -> Limits? {
        let asOf = parameters.asOf
        let end = calendar.periodEnd
        return asOf < end
            ? limits(channelSlot: channelSlot, at: asOf, seq: .max)
            : limits(channelSlot: channelSlot, at: end - 1, seq: .max)
    }

    /// `user source id`, `bot:<source id>` or `unassigned`. Keys missing from the lookups print
    /// as `#<key>` (`bot:#<key>`) rather than vanish.
    func text(of responsible: ResponsibleParty) -> String {
        switch responsible {
        case .user(let key):
            return userIndex.slot(key.rawValue).map { users[$0].sourceID } ?? "#\(key.rawValue)"
        case .bot(let key):
            return "bot:" + (botIndex.slot(key.rawValue).map { bots[$0].sourceID } ?? "#\(key.rawValue)")
        case .nobody:
            return "unassigned"
        }
    }

    /// The slot of a user that exists by `as_of`, for `managers.csv` figures.
    func knownUserSlot(_ key: UserKey) -> Int? {
        guard let slot = userIndex.slot(key.rawValue), userKnown[slot] else { return nil }
        return slot
    }
}

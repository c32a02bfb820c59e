import ChatDomain
import ChatStore
import SLAAnalytics

/// The store's extraction read as the engine's input: the configuration, the dialogs and the orders.
extension ReportExtraction {
    /// The store key given to channels not mapped to a store (printed as an empty store).
    public static let unmappedStore: Int64 = 0

    /// The lookups and settings histories, as the engine's configuration for these parameters.
    /// - Throws: ``ReportConfigurationError`` and the store's errors.
    public func configuration(_ parameters: ReportParameters) throws -> ReportConfiguration {
        let lookups = try self.lookups()
        // A channel not mapped to a store yet is shown with no store (key 0, not a real store).
        let channels = lookups.channels.map {
            ChannelInfo(
                key: ChannelKey(rawValue: $0.key),
                sourceID: $0.sourceID,
                name: $0.name,
                store: StoreKey(rawValue: $0.store ?? Self.unmappedStore)
            )
        }
        let unmapped = channels.contains { $0.store.rawValue == Self.unmappedStore }
        let stores = lookups.stores.map {
            StoreInfo(key: StoreKey(rawValue: $0.key), sourceID: $0.sourceID, name: $0.name)
        }
        return try ReportConfiguration(
            parameters: parameters,
            channels: channels,
            stores: stores
                + (unmapped ? [StoreInfo(key: StoreKey(rawValue: Self.unmappedStore), sourceID: "", name: "")] : []),
            users: lookups.users.map {
                UserInfo(key: UserKey(rawValue: $0.key), sourceID: $0.sourceID, name: $0.name, knownFrom: $0.knownFrom)
            },
            bots: lookups.bots.map { BotInfo(key: BotKey(rawValue: $0.key), sourceID: $0.sourceID, name: $0.name) },
            timeLimits: lookups.timeLimits.map {
                TimeLimitSetting(
                    channel: $0.channel.map { ChannelKey(rawValue: $0) },
                    warningSeconds: $0.warningSeconds,
                    processingSeconds: $0.processingSeconds,
                    effectiveAt: $0.effectiveAt,
                    seq: $0.seq
                )
            },
            policies: lookups.policies.map {
                PolicySetting(
                    clockStart: PolicySetting.ClockStart($0.clockStart),
                    botRepliesStopClock: $0.botRepliesStopClock,
                    effectiveAt: $0.effectiveAt,
                    seq: $0.seq
                )
            },
            businessHours: lookups.schedules.map {
                ScheduleSetting(
                    channel: $0.channel.map { ChannelKey(rawValue: $0) },
                    hours: $0.hours,
                    effectiveAt: $0.effectiveAt,
                    seq: $0.seq
                )
            }
        )
    }
}

extension OrderRecord {
    /// The engine's order for the store's row (a channel not mapped to a store shows no store).
    init(_ order: ExtractedOrder) {
        self.init(
            key: OrderKey(rawValue: order.key),
            sourceID: order.sourceID,
            dialog: order.dialog.map { DialogKey(rawValue: $0) },
            channel: order.channel.map { ChannelKey(rawValue: $0) },
            store: StoreKey(rawValue: order.store ?? ReportExtraction.unmappedStore),
            createdBy: order.createdBy.map { UserKey(rawValue: $0) },
            createdAt: order.createdAt,
            seq: order.seq,
            total: order.total,
            statusAsOf: order.statusAsOf,
            paidAmount: order.paidAmount
        )
    }
}

extension DialogFactGroups {
    /// Replays part `part` of the dialogs, one ``DialogHistory`` at a time (once: the part's
    /// facts are freed as they are replayed).
    ///
    /// `body` borrows the dialog: its facts buffer is reused for the next dialog when `body`
    /// keeps no reference to it.
    /// - Complexity: O(facts of the part); memory holds one dialog's facts at a time.
    public func forEachDialog(part: Int, _ body: (DialogHistory) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            var assembler = DialogAssembler(body: body)
            try forEachDialog(part: part, into: &assembler)
        }
    }
}

/// Gathers the stream's facts into one ``DialogHistory`` at a time and hands it to `body`.
private struct DialogAssembler: DialogFactsSink {
    let body: (DialogHistory) throws -> Void
    var current = DialogHistory(key: 0, sourceID: "", channel: 0, facts: [])
    var facts: [DialogFact]

    init(body: @escaping (DialogHistory) throws -> Void) {
        self.body = body
        facts = []
        facts.reserveCapacity(256)
    }

    mutating func beginDialog(_ dialog: ExtractedDialog) {
        facts.removeAll(keepingCapacity: true)
        current = DialogHistory(
            key: DialogKey(rawValue: dialog.key),
            sourceID: dialog.sourceID,
            channel: ChannelKey(rawValue: dialog.channel),
            kind: .customer,
            privacy: Self.privacy(dialog.privacy),
            facts: []
        )
    }

    mutating func add(_ fact: ExtractedFact) {
        facts.append(DialogFact(at: fact.at, seq: fact.seq, event: Self.event(fact.kind)))
    }

    mutating func endDialog() throws {
        // Lent to the dialog and taken back: when `body` keeps no reference, the buffer is
        // reused for the next dialog instead of copied per dialog.
        swap(&current.facts, &facts)
        try body(current)
        swap(&current.facts, &facts)
    }

    private static func privacy(_ gate: ExtractedDialog.PrivacyGate) -> DialogHistory.Privacy {
        switch gate {
        case .notHeld: .notGated
        case .held: .pending
        case .acceptedAt(let at): .accepted(at: at)
        }
    }

    private static func event(_ kind: ExtractedFact.Kind) -> DialogFact.Event {
        switch kind {
        case .autoClose: .autoClose
        case .customerMessage: .customerMessage
        case .userMessage(let user, let failed): .userMessage(UserKey(rawValue: user), failed: failed)
        case .botMessage(let bot, let failed): .botMessage(BotKey(rawValue: bot), failed: failed)
        case .assignedToUser(let user): .assignment(to: .user(UserKey(rawValue: user)), by: .system)
        case .assignedToBot(let bot): .assignment(to: .bot(BotKey(rawValue: bot)), by: .system)
        case .unassigned: .assignment(to: .nobody, by: .system)
        case .closedByUser(let user): .close(by: .user(UserKey(rawValue: user)))
        case .closedByBot(let bot): .close(by: .bot(BotKey(rawValue: bot)))
        case .closedBySystem: .close(by: .system)
        case .reopen: .reopen
        }
    }
}

extension PolicySetting.ClockStart {
    /// The engine's name for the stored policy.
    init(_ policy: ClockStartPolicy) {
        switch policy {
        case .lastCustomerMessage: self = .lastCustomerMessage
        case .firstUnanswered: self = .firstUnanswered
        }
    }
}

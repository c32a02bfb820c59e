import ChatDomain
import Foundation
import Testing

@testable import SLAAnalytics

/// 2026-03-02T00:00:00Z in µs: the start of the default one-day UTC period of the fixtures.
let monday: Int64 = 1_772_409_600 * 1_000_000

/// `seconds` after `monday`, in µs.
func at(_ seconds: Int64) -> Int64 { monday + seconds * 1_000_000 }

/// A small world: one store, channels `tg` (key 1) and `wa` (key 2), users `u1`, `u2`, bot `b1`;
/// default limits warning 60 s, processing 120 s; default policy; period 2026-03-02 UTC, as_of
/// at the period's end.
struct Fixture {
    var from = LocalDate(year: 2026, month: 3, day: 2)
    var to = LocalDate(year: 2026, month: 3, day: 2)
    var timeZone = "UTC"
    var asOf = at(86_400)
    var channelFilter: Set<String>?
    var channels = [
        ChannelInfo(key: 1, sourceID: "tg", name: "Telegram", store: 1),
        ChannelInfo(key: 2, sourceID: "wa", name: "WhatsApp", store: 1),
    ]
    var stores = [StoreInfo(key: 1, sourceID: "main", name: "Main store")]
    var users = [
        UserInfo(key: 1, sourceID: "u1", name: "Ann", knownFrom: 0),
        UserInfo(key: 2, sourceID: "u2", name: "Bob", knownFrom: 0),
    ]
    var bots = [BotInfo(key: 1, sourceID: "b1", name: "Distributor")]
    var limits: [TimeLimitSetting<ChannelKey>] = [
        TimeLimitSetting(channel: nil, warningSeconds: 60, processingSeconds: 120, effectiveAt: 0, seq: 0)
    ]
    var policies: [PolicySetting] = []

    mutating func usePolicy(_ clockStart: PolicySetting.ClockStart, botsStopClock: Bool = false) {
        policies = [PolicySetting(clockStart: clockStart, botRepliesStopClock: botsStopClock, effectiveAt: 0, seq: 0)]
    }

    func configuration() throws -> ReportConfiguration {
        let zone = try #require(NamedTimeZone(timeZone))
        return try ReportConfiguration(
            parameters: ReportParameters(from: from, to: to, timeZone: zone, asOf: asOf, channelFilter: channelFilter),
            channels: channels,
            stores: stores,
            users: users,
            bots: bots,
            timeLimits: limits,
            policies: policies
        )
    }

    func report(_ dialogs: [DialogHistory], orders: [OrderRecord] = []) throws -> SLAReport {
        var accumulator = SLAAccumulator(configuration: try configuration())
        for dialog in dialogs { accumulator.add(dialog) }
        for order in orders { accumulator.add(order) }
        return accumulator.report()
    }
}

/// A customer dialog whose facts get ingestion numbers `key * 1000 + index` in the order listed.
func dialog(
    _ key: Int64,
    channel: ChannelKey = 1,
    privacy: DialogHistory.Privacy = .notGated,
    _ events: [(Int64, DialogFact.Event)]
) -> DialogHistory {
    DialogHistory(
        key: DialogKey(rawValue: key),
        sourceID: "d\(key)",
        channel: channel,
        privacy: privacy,
        facts: events.enumerated().map { DialogFact(at: $1.0, seq: key * 1000 + Int64($0), event: $1.1) }
    )
}

/// Shorthands for facts.
let customer = DialogFact.Event.customerMessage
func reply(_ user: Int64, failed: Bool = false) -> DialogFact.Event {
    .userMessage(UserKey(rawValue: user), failed: failed)
}
func botReply(_ bot: Int64, failed: Bool = false) -> DialogFact.Event {
    .botMessage(BotKey(rawValue: bot), failed: failed)
}
func assign(_ to: ResponsibleParty) -> DialogFact.Event { .assignment(to: to, by: .system) }
func close(_ by: ActingParty) -> DialogFact.Event { .close(by: by) }
/// A close by the auto-close rule.
let autoClose = DialogFact.Event.autoClose
/// The reopen ingestion stores when a customer message reaches a closed dialog.
let reopen = DialogFact.Event.reopen

func money(_ text: String) -> Money { Money(parsing: text) ?? .zero }

extension SLAReport {
    func channel(_ id: String) -> ChannelRow? { channels.first { $0.channel == id } }
    func manager(_ id: String) -> ManagerRow? { managers.first { $0.user == id } }
}

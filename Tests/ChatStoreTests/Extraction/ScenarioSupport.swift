import ChatDomain
import ChatStore
import Foundation
import PostgresClient
import ReportRuns
import SLAAnalytics
import TestSupport
import Testing

/// Builds a JSON Lines event stream for a hand-computed scenario.
///
/// Every scenario starts from the same directory: store `s1`; channels `tg` (telegram) and `wa`
/// (whatsapp) of that store; admin `a1`, managers `u1` and `u2`; bot `b1`; the default time
/// limits warning 300 s and processing 600 s; chat settings with the default policies. All of it
/// is stamped 2026-03-01T00:00:00Z, before any report period used here.
struct Scenario {
    private(set) var lines: [String] = []
    private var counter = 0

    init(clockStart: String? = nil, botRepliesStopClock: Bool? = nil) {
        let setup = "2026-03-01T00:00:00+00:00"
        event("store.upserted", setup, ["store": "s1", "name": "Main store"])
        event("channel.upserted", setup, ["channel": "tg", "name": "Telegram", "kind": "telegram", "store": "s1"])
        event("channel.upserted", setup, ["channel": "wa", "name": "WhatsApp", "kind": "whatsapp", "store": "s1"])
        user("a1", name: "Admin", admin: true, at: setup)
        user("u1", name: "Ulyana", at: setup)
        user("u2", name: "Umar", at: setup)
        event("bot.upserted", setup, ["bot": "b1", "name": "Greeter"])
        limits(channel: nil, warning: 300, processing: 600, at: setup)
        var settings: [String: Any] = ["by": ["user": "a1"]]
        if let clockStart { settings["clock_start"] = clockStart }
        if let botRepliesStopClock { settings["bot_replies_stop_clock"] = botRepliesStopClock }
        event("settings.chats", setup, settings)
    }

    /// An instant on 2026-03-02 (UTC) by default: `at("09:00")`, `at("09:00:30", day: 3)`.
    static func at(_ time: String, day: Int = 2, month: Int = 3) -> String {
        let full = time.count == 5 ? time + ":00" : time
        return String(format: "2026-%02d-%02dT", month, day) + full + "+00:00"
    }

    mutating func event(_ type: String, _ at: String, _ fields: [String: Any]) {
        counter += 1
        var object = fields
        object["id"] = "e\(counter)"
        object["type"] = type
        object["at"] = at
        // Sorted keys keep the stream byte-stable from run to run.
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            preconditionFailure("scenario event \(type) is not JSON-serialisable")
        }
        lines.append(String(decoding: data, as: UTF8.self))
    }

    /// `settings.chats` by the admin `a1`: dialogs a user holds close after `seconds` of silence.
    mutating func autoCloseAssigned(after seconds: Int, at: String) {
        event("settings.chats", at, ["by": ["user": "a1"], "auto_close_assigned_s": seconds])
    }

    mutating func user(_ id: String, name: String, admin: Bool = false, at: String) {
        event(
            "user.upserted",
            at,
            ["user": id, "name": name, "chat_access": true, "admin": admin, "chat_admin": admin, "active": true]
        )
    }

    mutating func limits(channel: String?, warning: Int?, processing: Int, at: String) {
        event(
            "settings.time_limits",
            at,
            [
                "by": ["user": "a1"], "channel": channel ?? NSNull(), "warning_s": warning ?? NSNull(),
                "processing_s": processing,
            ]
        )
    }

    mutating func customer(_ dialog: String, channel: String = "tg", contact: String? = nil, at: String) {
        event(
            "message.received",
            at,
            [
                "dialog": dialog, "channel": channel, "contact": contact ?? "c-\(dialog)", "message": "m\(lines.count)",
                "text": "Hello?",
            ]
        )
    }

    /// A reply by a user or a bot (`by: "u1"` or `bot: "b1"`); returns the message id.
    @discardableResult
    mutating func reply(_ dialog: String, by user: String? = nil, bot: String? = nil, at: String) -> String {
        let message = "m\(lines.count)"
        let actor: [String: Any] = if let bot { ["bot": bot] } else { ["user": user ?? "u1"] }
        event("message.sent", at, ["dialog": dialog, "message": message, "by": actor, "text": "On it."])
        return message
    }

    mutating func status(_ message: String, _ status: String, at: String) {
        event(
            "message.status",
            at,
            ["message": message, "status": status, "error": status == "failed" ? "network" : NSNull()]
        )
    }

    mutating func assign(_ dialog: String, to user: String?, by: String = "a1", at: String) {
        event(
            "dialog.assigned",
            at,
            ["dialog": dialog, "to": user.map { ["user": $0] as Any } ?? NSNull(), "by": ["user": by]]
        )
    }

    mutating func close(_ dialog: String, by user: String = "a1", at: String) {
        event("dialog.closed", at, ["dialog": dialog, "by": ["user": user]])
    }

    /// A close by the system actor (`{"system": true}`), not by the auto-close rule.
    mutating func closeBySystem(_ dialog: String, at: String) {
        event("dialog.closed", at, ["dialog": dialog, "by": ["system": true]])
    }

    mutating func tick(at: String) {
        event("clock.tick", at, [:])
    }

    /// An order created from `dialog` by user `by`: `items` as (offer, quantity, price), and a
    /// courier delivery when `delivery` is given.
    mutating func order(
        _ order: String,
        number: String,
        dialog: String,
        by user: String = "u1",
        items: [(offer: String, quantity: Int, price: String)],
        delivery: String? = nil,
        at: String
    ) {
        var fields: [String: Any] = [
            "order": order, "number": number, "dialog": dialog, "customer": NSNull(), "by": ["user": user],
            "items": items.map { ["offer": $0.offer, "quantity": $0.quantity, "price": $0.price] },
        ]
        if let delivery { fields["delivery"] = ["type": "courier", "cost": delivery] }
        event("order.created", at, fields)
    }

    /// A payment of `order` (a later call with the same `payment` id updates it).
    /// d1's two orders: o1 (2 × 100.00, delivery 50.00) at 09:30, with 100.00 paid by card at
    /// 09:40 (p1) and 150.00 in cash not yet paid at 09:41 (p2); o2 (1 × 80.00) at 10:00.
    mutating func twoOrdersOfD1() {
        order(
            "o1",
            number: "1001",
            dialog: "d1",
            items: [("sku-1", 2, "100.00")],
            delivery: "50.00",
            at: Scenario.at("09:30")
        )
        payment("p1", of: "o1", amount: "100.00", paid: true, at: Scenario.at("09:40"))
        payment("p2", of: "o1", method: "cash", amount: "150.00", paid: false, at: Scenario.at("09:41"))
        order(
            "o2",
            number: "1002",
            dialog: "d1",
            items: [("sku-2", 1, "80.00")],
            at: Scenario.at("10:00")
        )
    }

    mutating func payment(
        _ payment: String,
        of order: String,
        method: String = "card",
        amount: String,
        paid: Bool,
        at: String
    ) {
        event(
            "order.payment",
            at,
            ["order": order, "payment": payment, "method": method, "amount": amount, "paid": paid]
        )
    }

    mutating func orderStatus(_ order: String, _ status: String, by user: String = "u1", at: String) {
        event("order.status", at, ["order": order, "status": status, "by": ["user": user]])
    }
}

/// Report parameters for a one-day report, by default 2026-03-02 in UTC as of the next midnight.
func scenarioParameters(
    from: String = "2026-03-02",
    to: String = "2026-03-02",
    timeZone: String = "UTC",
    asOf: String = "2026-03-03T00:00:00+00:00"
) -> ReportParameters {
    guard let fromDate = LocalDate(parsing: from), let toDate = LocalDate(parsing: to),
        let zone = NamedTimeZone(timeZone), let asOfInstant = parseInstant(asOf)
    else { preconditionFailure("bad scenario parameters") }
    return ReportParameters(from: fromDate, to: toDate, timeZone: zone, asOf: asOfInstant)
}

func parseInstant(_ text: String) -> Int64? {
    let formatter = ISO8601DateFormatter()
    guard let date = formatter.date(from: text) else { return nil }
    return Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
}

/// The report's rows as CSV cells, looked up by file, first column and column name.
struct ScenarioReport {
    let report: SLAReport

    func channel(_ id: String) -> [String: String]? {
        row(header: ChannelRow.header, rows: report.channels.map(\.cells), key: id)
    }

    func manager(_ id: String) -> [String: String]? {
        row(header: ManagerRow.header, rows: report.managers.map(\.cells), key: id)
    }

    var breaches: [[String: String]] {
        report.breaches.map { Dictionary(uniqueKeysWithValues: zip(BreachRow.header, $0.cells)) }
    }

    var daily: [[String: String]] {
        report.daily.map { Dictionary(uniqueKeysWithValues: zip(DailyRow.header, $0.cells)) }
    }

    var orders: [[String: String]] {
        report.orders.map { Dictionary(uniqueKeysWithValues: zip(OrderConversionRow.header, $0.cells)) }
    }

    private func row(header: [String], rows: [[String]], key: String) -> [String: String]? {
        rows.first { $0.first == key }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

/// Ingests a scenario into a fresh database and runs the report pipeline on it.
///
/// Every scenario also runs the plain-SQL reference (`queries/reference/`) on the same data and
/// expects its `channels.csv` and `daily.csv` cells to equal the engine's, so each hand-computed
/// scenario checks both implementations.
func runScenario(
    _ scenario: Scenario,
    _ parameters: ReportParameters,
    workers: Int = 1,
    batchSize: Int = 20_000,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ScenarioReport {
    let database = try TestServer.shared.makeDatabase()
    let connection = try database.connect()
    defer { connection.close() }
    try ingestForTest(scenario.lines, into: connection, batchSize: batchSize)
    // The period's extraction (period_dialog_facts.sql), which the report uses for periods short
    // against the history: every scenario also holds its figures equal to a run over the whole
    // history.
    let result = try ReportPipeline(url: database.url, workers: workers, extent: .period).run(parameters)
    let history = try ReportPipeline(url: database.url, workers: workers, extent: .history).run(parameters)
    for (file, mine, theirs) in [
        ("channels.csv", result.report.channels.map(\.cells), history.report.channels.map(\.cells)),
        ("breaches.csv", result.report.breaches.map(\.cells), history.report.breaches.map(\.cells)),
        ("managers.csv", result.report.managers.map(\.cells), history.report.managers.map(\.cells)),
        ("orders.csv", result.report.orders.map(\.cells), history.report.orders.map(\.cells)),
        ("daily.csv", result.report.daily.map(\.cells), history.report.daily.map(\.cells)),
    ] {
        #expect(
            mine == theirs,
            "\(file): the period's extraction (first) differs from the whole history's (second)",
            sourceLocation: sourceLocation
        )
    }
    let reference = SQLReference(connection: connection)
    try reference.prepare(parameters)
    let referenceChannels = try reference.channels()
    let referenceDaily = try reference.daily()
    #expect(
        result.report.channels.map(\.cells) == referenceChannels,
        "channels.csv: the engine (first) differs from the SQL reference (second)",
        sourceLocation: sourceLocation
    )
    #expect(
        result.report.daily.map(\.cells) == referenceDaily,
        "daily.csv: the engine (first) differs from the SQL reference (second)",
        sourceLocation: sourceLocation
    )
    return ScenarioReport(report: result.report)
}

/// Ingests JSON Lines through the real ingestion pipeline (via a temporary file, as `chatsla ingest` reads).
func ingestForTest(_ lines: [String], into connection: PostgresConnection, batchSize: Int = 20_000) throws {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("chatsla-scenario-\(UInt64.random(in: 0...UInt64.max)).jsonl").path
    let text = lines.joined(separator: "\n") + "\n"
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw TestFailure("cannot write \(path)")
    }
    defer { try? FileManager.default.removeItem(atPath: path) }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw TestFailure("cannot open \(path)") }
    defer { close(descriptor) }
    // No scenario event is in_future, whatever the machine's clock says.
    let ingester = try Ingester(connection: connection, batchSize: batchSize, now: { RFC3339.maximum })
    let summary = try ingester.ingest(source: path, descriptor: descriptor)
    guard summary.rejected == 0 else {
        throw TestFailure("the scenario has rejected events: \(summary)")
    }
}

/// A test's own setup failing (a temporary file, a scenario with rejected events), said in words.
struct TestFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

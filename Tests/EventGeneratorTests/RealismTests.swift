import ChatDomain
import EventGenerator
import Foundation
import Testing

/// The stream's shapes against the real data's figures (shared/data/real/README.md).
@Suite struct RealismTests {
    private static let minute: Int64 = 60_000_000

    /// Waits from an episode's first customer message to the first user reply, in microseconds,
    /// and how many customer messages each answered episode held.
    private func episodes() -> (waits: [Int64], sizes: [Int]) {
        var open: [String: (start: Int64, size: Int)] = [:]
        var waits: [Int64] = []
        var sizes: [Int] = []
        for event in GeneratedFixture.events() {
            guard let at = (event["at"] as? String).flatMap(GeneratedFixture.micros),
                let dialog = event["dialog"] as? String
            else { continue }
            switch event["type"] as? String {
            case "message.received":
                let current = open[dialog] ?? (at, 0)
                open[dialog] = (current.start, current.size + 1)
            case "message.sent":
                guard GeneratedFixture.actor(event["by"])?.kind == "user",
                    let episode = open.removeValue(forKey: dialog)
                else { continue }
                waits.append(at - episode.start)
                sizes.append(episode.size)
            default:
                continue
            }
        }
        return (waits.sorted(), sizes)
    }

    @Test func replyDelaysFollowTheTwitterSupportDistribution() {
        let waits = episodes().waits
        #expect(waits.count > 5000)
        let median = waits[waits.count / 2]
        let p90 = waits[waits.count * 9 / 10]
        // TWCS: median 12.1 min, p90 385 min. Bursts and the channel mix move them a little.
        #expect(median >= 7 * Self.minute && median <= 20 * Self.minute, "median \(median / Self.minute) min")
        #expect(p90 >= 150 * Self.minute && p90 <= 900 * Self.minute, "p90 \(p90 / Self.minute) min")
        // Long tails: a good share of waits passes the default processing limit (30 min).
        let overdue = waits.filter { $0 > 30 * Self.minute }.count
        #expect(Double(overdue) / Double(waits.count) > 0.15)
        #expect(waits.contains { $0 > 24 * 60 * Self.minute })
    }

    @Test func customersWriteInBursts() {
        let sizes = episodes().sizes
        let multi = sizes.filter { $0 >= 2 }.count
        let share = Double(multi) / Double(sizes.count)
        #expect(share > 0.1 && share < 0.5, "multi-message episodes \(share)")
        #expect(sizes.contains { $0 >= 4 })
    }

    @Test func weekendsAndNightsAreQuieter() {
        var perWeekday = [Int](repeating: 0, count: 7)
        var daysPerWeekday = [Set<Int64>](repeating: [], count: 7)
        var night = 0
        var day = 0
        var seen = Set<String>()
        for event in GeneratedFixture.events() where event["type"] as? String == "message.received" {
            guard let dialog = event["dialog"] as? String, seen.insert(dialog).inserted,
                let at = (event["at"] as? String).flatMap(GeneratedFixture.micros)
            else { continue }
            let dayNumber = at / 86_400_000_000
            let weekday = Int((dayNumber + 3) % 7)
            perWeekday[weekday] += 1
            let hour = (at / 3_600_000_000) % 24
            if hour < 6 { night += 1 }
            if hour >= 12 && hour < 18 { day += 1 }
        }
        for event in GeneratedFixture.events() {
            if let at = (event["at"] as? String).flatMap(GeneratedFixture.micros) {
                let dayNumber = at / 86_400_000_000
                daysPerWeekday[Int((dayNumber + 3) % 7)].insert(dayNumber)
            }
        }
        func rate(_ weekdays: [Int]) -> Double {
            let dialogs = weekdays.reduce(0) { $0 + perWeekday[$1] }
            let days = weekdays.reduce(0) { $0 + daysPerWeekday[$1].count }
            return Double(dialogs) / Double(max(days, 1))
        }
        // IBM care data: a weekend day carries about 0.73 of a weekday's traffic.
        let ratio = rate([5, 6]) / rate([0, 1, 2, 3, 4])
        #expect(ratio > 0.6 && ratio < 0.9, "weekend/weekday \(ratio)")
        #expect(Double(night) < Double(day) * 0.6, "night \(night) day \(day)")
    }

    @Test func theStoryHasAllItsTurns() throws {
        var assignedByAdmins = 0
        var assignedByResponsible = 0
        var assignedByBots = 0
        var botMessages = 0
        var failed = 0
        var reopened = 0
        var closed = Set<String>()
        var responsible: [String: String] = [:]
        var chatOrders = 0
        var otherOrders = 0
        var statuses: [String: Int] = [:]
        var paidByOrder: [String: Int64] = [:]
        var totals: [String: Int64] = [:]
        var lastActivity: [String: Int64] = [:]
        var idleAssigned = 0
        var limitChanges = 0
        for event in GeneratedFixture.events() {
            let at = (event["at"] as? String).flatMap(GeneratedFixture.micros) ?? 0
            let dialog = event["dialog"] as? String ?? ""
            switch event["type"] as? String {
            case "dialog.assigned":
                let by = try #require(GeneratedFixture.actor(event["by"]))
                if by.kind == "bot" {
                    assignedByBots += 1
                } else if by.id == "u1" || by.id == "u2" {
                    assignedByAdmins += 1
                } else if responsible[dialog] == by.id {
                    assignedByResponsible += 1
                }
                if let to = GeneratedFixture.actor(event["to"]), to.kind == "user" { responsible[dialog] = to.id }
            case "message.received":
                if closed.remove(dialog) != nil { reopened += 1 }
                if let last = lastActivity[dialog], at - last > 86_400_000_000 { idleAssigned += 1 }
                lastActivity[dialog] = at
            case "message.sent":
                if GeneratedFixture.actor(event["by"])?.kind == "bot" { botMessages += 1 }
                lastActivity[dialog] = at
            case "dialog.closed":
                closed.insert(dialog)
            case "message.status":
                if event["status"] as? String == "failed" { failed += 1 }
            case "order.created":
                if event["dialog"] is String { chatOrders += 1 } else { otherOrders += 1 }
                let items = event["items"] as? [[String: Any]] ?? []
                var total = Money(parsing: (event["delivery"] as? [String: Any])?["cost"] as? String ?? "0") ?? .zero
                for item in items {
                    let price = Money(parsing: item["price"] as? String ?? "") ?? .zero
                    let amount = price.times(Int64(item["quantity"] as? Int ?? 0))
                    #expect(amount != nil, "a generated order line is beyond the largest amount")
                    total += amount ?? .zero
                }
                totals[event["order"] as? String ?? ""] = total.cents
            case "order.status":
                statuses[event["status"] as? String ?? "", default: 0] += 1
            case "order.payment":
                if event["paid"] as? Bool == true {
                    let order = event["order"] as? String ?? ""
                    paidByOrder[order, default: 0] += Money(parsing: event["amount"] as? String ?? "")?.cents ?? 0
                }
            case "settings.time_limits":
                limitChanges += 1
            default:
                break
            }
        }
        #expect(assignedByAdmins > 10)
        #expect(assignedByResponsible > 10)
        #expect(assignedByBots > 100)
        #expect(botMessages > 100)
        #expect(failed > 10)
        #expect(reopened > 50)
        #expect(idleAssigned > 50)  // customers coming back after the auto-close time
        #expect(chatOrders > 100 && otherOrders > 20)
        #expect((statuses["completed"] ?? 0) > 10 && (statuses["cancelled"] ?? 0) > 10)
        let partial = paidByOrder.filter { $0.value < totals[$0.key, default: 0] }.count
        let full = paidByOrder.filter { $0.value == totals[$0.key, default: -1] }.count
        #expect(partial > 5 && full > 5)
        #expect(paidByOrder.allSatisfy { $0.value <= totals[$0.key, default: 0] })
        #expect(limitChanges > 4)  // the setup plus a change mid-way
    }
}

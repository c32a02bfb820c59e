import ChatDomain

// The processes that run beside the dialogs: settings changes, orders without a chat, merges, internal threads.
extension Simulation {
    func settingsChange(_ now: Int64, step: Int) {
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

    func standaloneOrder(_ now: Int64) {
        scheduleNext(.standaloneOrder, after: now)
        let customer = random.chance(0.4) ? writeNewCustomer(now) : existingCustomer(now)
        writeOrder(now, dialog: nil, customer: customer, by: managerOnShift(now))
    }

    func mergePreparation(_ now: Int64) {
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

    func internalMessage(_ now: Int64) {
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
}

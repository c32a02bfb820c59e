import ChatDomain

// Orders, their status changes and payments.
extension Simulation {
    func writeOrder(_ now: Int64, dialog: Int?, customer: Int, by user: Int) {
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
    func orderStep(_ action: ScheduledAction) {
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

    func writeOrderStatus(_ now: Int64, order: Int, status: StaticString, by user: Int) {
        begin(.orderStatus, now)
        writer.trafficID("order", "o", order)
        writer.literal("status", status)
        writer.actor("by", .user(user))
        writer.endEvent()
    }

    func writePayment(_ now: Int64, order: Int, index: Int, method: StaticString, cents: Int64, paid: Bool) {
        begin(.orderPayment, now)
        writer.trafficID("order", "o", order)
        writer.trafficID("payment", "p", order * 4 + index)
        writer.literal("method", method)
        writer.money("amount", cents: cents)
        writer.bool("paid", paid)
        writer.endEvent()
    }
}

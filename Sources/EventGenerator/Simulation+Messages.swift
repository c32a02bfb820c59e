import ChatDomain

// Outgoing messages, their attachments and their delivery statuses.
extension Simulation {
    /// Writes `message.sent` and schedules its statuses and edits.
    ///
    /// - Returns: whether the send will be reported `failed` (the caller retries).
    @discardableResult
    func writeOutgoing(
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

    func writeAttachments(probability: Double) {
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

    func messageStatus(_ action: ScheduledAction) {
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
}

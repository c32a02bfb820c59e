import ChatDomain

// One customer dialog from its first message to its close: replies, bots, assignments, reopens.
extension Simulation {
    func customerMessage(_ slot: Int, _ now: Int64) {
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
    func lateMessageArrived(slot: Int, dialog number: Int) {
        guard slot < dialogs.count, dialogs[slot].number == number, dialogs[slot].closed else { return }
        dialogs[slot].closed = false
    }

    func privacyAcceptance(_ slot: Int, _ now: Int64) {
        begin(.privacyAccepted, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        writer.endEvent()
        dialogs[slot].pending = false
        assignAsNew(slot)
        respond(slot, now)
    }

    /// Plans what answers the customer: the chat bot's greeting, the distribution bot, or a user.
    func respond(_ slot: Int, _ now: Int64) {
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

    func botGreeting(_ slot: Int, _ now: Int64) {
        dialogs[slot].greeted = true
        writeOutgoing(slot, now, by: .bot(Simulation.chatBot), text: pick(SyntheticWorld.greetingTexts), canFail: false)
        respond(slot, now)
    }

    func botAssignment(_ slot: Int, _ now: Int64) {
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

    func draft(_ slot: Int, _ now: Int64, replyAt: Int64) {
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

    func reassign(_ slot: Int, _ now: Int64, to user: Int, by actor: Actor) {
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

    func reply(_ slot: Int, _ now: Int64, mode: UInt8) {
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

    func afterReply(_ slot: Int, _ now: Int64) {
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

    func botReply(_ slot: Int, _ now: Int64) {
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
    func endConversation(_ slot: Int, _ now: Int64, reopen: Double) {
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

    func close(_ slot: Int, _ now: Int64) {
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

    func blockBot(_ slot: Int, _ now: Int64) {
        begin(.contactBlockedBot, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        writer.endEvent()
        dialogs[slot].botBlocked = true
        flow(slot, .reply, at: now + jitter(10 * Simulation.minute...20 * Simulation.hour), flag: ReplyMode.followUp)
    }

    func scheduleReopen(_ slot: Int, _ now: Int64, probability: Double) {
        if random.chance(probability) {
            dialogs[slot].burstLeft = burstExtra()
            flow(slot, .customerMessage, at: now + jitter(Simulation.day...10 * Simulation.day))
        } else {
            finish(slot)
        }
    }

    func link(_ slot: Int, _ now: Int64, by user: Int) {
        let customer = random.chance(0.25) ? existingCustomer(now) : writeNewCustomer(now)
        begin(.dialogLinked, now)
        writer.trafficID("dialog", "d", dialogs[slot].number, width: Simulation.dialogIdWidth)
        writer.trafficID("customer", "c", customer)
        writer.actor("by", .user(user))
        writer.endEvent()
        dialogs[slot].customer = customer
    }

    func chatOrder(_ slot: Int, _ now: Int64) {
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
}

import ChatDomain

// Dialogs opening, in ascending time, and their slots.
extension Simulation {
    /// The opening instant of dialog `index`: stratified inverse-CDF sampling over the
    /// hourly weights, so exactly `dialogs` dialogs open, in ascending time.
    func arrivalTime(_ index: Int) -> Int64 {
        let total = hourCumulative.last ?? 1
        let target = (Double(index) + random.unit()) / Double(configuration.dialogs) * total
        while arrivalHour < hourCumulative.count - 1 && hourCumulative[arrivalHour] <= target {
            arrivalHour += 1
        }
        let low = arrivalHour == 0 ? 0 : hourCumulative[arrivalHour - 1]
        let fraction = (target - low) / max(hourCumulative[arrivalHour] - low, 1e-9)
        let instant = start + Int64(arrivalHour) * Simulation.hour + Int64(fraction * Double(Simulation.hour))
        return max(start + 1000, instant / 1000 * 1000)
    }

    func openDialog(_ now: Int64) {
        dialogNumber += 1
        if dialogNumber < configuration.dialogs {
            queue.push(.newDialog, at: max(now, arrivalTime(dialogNumber)))
        }
        var dialog = SimulatedDialog()
        dialog.number = dialogNumber
        let u = random.unit()
        dialog.channel = channelCumulative.firstIndex { u < $0 } ?? 0
        contactNumber += 1
        dialog.contact = contactNumber
        dialog.burstLeft = burstExtra()
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            dialogs[slot] = dialog
        } else {
            slot = dialogs.count
            dialogs.append(dialog)
        }
        customerMessage(slot, now)
    }

    func burstExtra() -> Int {
        var extra = 0
        while extra < 6 && random.chance(RealismParameters.burstContinuation) {
            extra += 1
        }
        return extra
    }

    func finish(_ slot: Int) {
        freeSlots.append(slot)
    }

    /// Schedules the dialog's next flow step, or ends the dialog when it falls past the window.
    func flow(_ slot: Int, _ kind: ActionKind, at time: Int64, flag: UInt8 = 0, value: Int64 = 0) {
        if time >= end {
            finish(slot)
        } else {
            queue.push(kind, at: time, target: Int32(slot), value: value, flag: flag)
        }
    }

    /// A new (or newly accepted) dialog gets the next default responsible while round robin is on.
    func assignAsNew(_ slot: Int) {
        if roundRobinActive && dialogs[slot].responsibleUser < 0 {
            dialogs[slot].responsibleUser = roundRobinList[roundRobinPosition % roundRobinList.count]
            roundRobinPosition += 1
        }
    }
}

extension DomainState {
    mutating func mergeCustomer(
        _ customer: CustomerID,
        into: CustomerID,
        by: EventActor,
        context: inout ApplyContext
    ) throws(Rejection) {
        try checkKnownActor(by, field: "by")
        guard let merged = customers[customer] else {
            throw .invalidField("customer", "unknown customer \"\(customer)\"")
        }
        guard merged.mergedInto == nil else {
            throw .invalidField(
                "customer",
                "customer \"\(customer)\" was already merged into \"\(survivor(of: customer))\""
            )
        }
        guard customers[into] != nil else { throw .invalidField("into", "unknown customer \"\(into)\"") }
        let target = survivor(of: into)
        guard target != customer else { throw .invalidField("into", "a customer cannot be merged into itself") }
        advanceClock(&context)
        let movedDialogs = customerDialogs.removeValue(forKey: customer) ?? []
        let movedOrders = customerOrders.removeValue(forKey: customer) ?? []
        for id in movedDialogs {
            dialogs[id]?.customer = target
            if let dialog = dialogs[id], let channel = dialog.channel, let contact = dialog.contact {
                contacts[ContactKey(channel: channel, contact: contact)]?.customer = target
            }
        }
        for id in movedOrders { orders[id]?.customer = target }
        customerDialogs[target, default: []].append(contentsOf: movedDialogs)
        customerOrders[target, default: []].append(contentsOf: movedOrders)
        customers[customer]?.mergedInto = target
        context.add(.customerMerged(from: customer, into: target, dialogs: movedDialogs, orders: movedOrders, by: by))
    }

    mutating func link(
        _ dialogID: DialogID,
        to customer: CustomerID,
        by: EventActor,
        context: inout ApplyContext
    ) throws(Rejection) {
        let dialog = try customerDialog(dialogID)
        try checkActor(by, on: dialog, writing: false)
        guard customers[customer] != nil else { throw .invalidField("customer", "unknown customer \"\(customer)\"") }
        let target = survivor(of: customer)
        advanceClock(&context)
        if let old = dialog.customer { customerDialogs[old]?.removeAll { $0 == dialogID } }
        customerDialogs[target, default: []].append(dialogID)
        dialogs[dialogID]?.customer = target
        if let channel = dialog.channel, let contact = dialog.contact {
            let state = ContactState(channel: channel, contact: contact, customer: target)
            contacts[state.key] = state
            context.add(.contactUpserted(state))
        }
        context.add(.dialogLinked(dialog: dialogID, customer: target, by: by))
    }
}

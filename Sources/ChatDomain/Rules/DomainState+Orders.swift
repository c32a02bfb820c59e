extension DomainState {
    mutating func createOrder(_ new: NewOrder, context: inout ApplyContext) throws(Rejection) {
        guard orders[new.order] == nil else { throw .invalidField("order", "order \"\(new.order)\" already exists") }
        var store: StoreID?
        var customer = new.customer.map { survivor(of: $0) }
        if let dialogID = new.dialog {
            let dialog = try customerDialog(dialogID)
            try checkActor(new.by, on: dialog, writing: false)
            guard let channelID = dialog.channel, let mapped = channels[channelID]?.store else {
                throw Rejection(
                    .storeMappingIncomplete,
                    "channel \"\(dialog.channel?.rawValue ?? "")\" of dialog \"\(dialogID)\" has no store"
                )
            }
            store = mapped
            if customer == nil { customer = dialog.customer }
        } else {
            try checkKnownActor(new.by, field: "by")
        }
        var seen: Set<String> = []
        for (position, item) in new.items.enumerated() where !seen.insert(item.offer).inserted {
            throw Rejection(
                .duplicateOffer,
                "field \"items[\(position)].offer\": offer \"\(item.offer)\" appears twice in the order"
            )
        }
        // Order total = items + delivery (SPEC §2), checked: it must fit `numeric(14, 2)`.
        var total = new.delivery?.cost ?? .zero
        guard total <= .maximum else {
            throw .invalidField("delivery.cost", "\(total) is more than the largest amount, \(Money.maximum)")
        }
        for (position, item) in new.items.enumerated() {
            guard let sum = item.amount.flatMap({ total.adding($0) }) else {
                throw .invalidField(
                    "items[\(position)]",
                    "quantity \(item.quantity) × price \(item.price) brings the order total (items + delivery) "
                        + "over \(Money.maximum)"
                )
            }
            total = sum
        }
        advanceClock(&context)
        if let customerID = customer, customers[customerID] == nil {
            // SPEC §1: an order may name a customer not known yet (the widget saves the customer
            // as it creates the order; an export may send the record later). It is recorded with
            // its id alone, and a later `customer.upserted` fills it in.
            let inferred = CustomerState(id: customerID)
            customers[customerID] = inferred
            context.add(.customerUpserted(inferred))
        }
        insert(
            OrderState(
                id: new.order,
                number: new.number,
                dialog: new.dialog,
                customer: customer,
                store: store,
                total: total
            )
        )
        context.add(
            .orderCreated(
                order: new.order,
                number: new.number,
                dialog: new.dialog,
                customer: customer,
                store: store,
                by: new.by,
                items: new.items,
                delivery: new.delivery,
                total: total
            )
        )
    }

    mutating func changeOrderStatus(
        _ id: OrderID,
        to status: String,
        by: EventActor,
        context: inout ApplyContext
    ) throws(Rejection) {
        guard orders[id] != nil else { throw .invalidField("order", "unknown order \"\(id)\"") }
        try checkKnownActor(by, field: "by")
        advanceClock(&context)
        orders[id]?.status = status
        context.add(.orderStatusChanged(order: id, status: status, by: by))
    }

    mutating func upsertPayment(_ id: OrderID, _ payment: PaymentState, context: inout ApplyContext) throws(Rejection) {
        guard var order = orders[id] else { throw .invalidField("order", "unknown order \"\(id)\"") }
        if let position = order.payments.firstIndex(where: { $0.id == payment.id }) {
            order.payments[position] = payment
        } else {
            order.payments.append(payment)
        }
        // The paid sum is checked like every amount: it must stay within `Money.maximum`.
        guard order.checkedPaidAmount != nil else {
            throw .invalidField(
                "amount",
                "\(payment.amount) brings the paid payments of order \"\(id)\" over \(Money.maximum)"
            )
        }
        advanceClock(&context)
        orders[id] = order
        context.add(
            .paymentUpserted(
                order: id,
                payment: payment,
                paidAmount: order.paidAmount,
                paymentStatus: order.paymentStatus
            )
        )
    }

    mutating func createTask(_ task: TaskState, context: inout ApplyContext) throws(Rejection) {
        guard tasks[task.id] == nil else { throw .invalidField("task", "task \"\(task.id)\" already exists") }
        try checkKnownActor(task.author, field: "by")
        if let user = task.responsible, users[user] == nil {
            throw .invalidField("responsible", "unknown user \"\(user)\"")
        }
        switch task.subject {
        case .order(let order)?:
            guard orders[order] != nil else { throw .invalidField("order", "unknown order \"\(order)\"") }
        case .customer(let customer)?:
            guard customers[customer] != nil else {
                throw .invalidField("customer", "unknown customer \"\(customer)\"")
            }
        case nil:
            break
        }
        advanceClock(&context)
        tasks[task.id] = task
        context.add(.taskCreated(task))
    }

    mutating func completeTask(_ id: TaskID, by: EventActor, context: inout ApplyContext) throws(Rejection) {
        guard tasks[id] != nil else { throw .invalidField("task", "unknown task \"\(id)\"") }
        try checkKnownActor(by, field: "by")
        advanceClock(&context)
        tasks[id]?.completedAt = context.at
        context.add(.taskCompleted(task: id, by: by))
    }
}

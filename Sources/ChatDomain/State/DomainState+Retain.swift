/// The part of the state that a store loads on demand, and forgets once written.
///
/// A store that does not hold the whole history in memory (see `Ingester`) loads, before each
/// batch, the dialogs, contacts, customers, orders, tasks and messages the batch names (with
/// what the rules reach from them: a dialog's contact and customer, a customer's merge chain, the
/// dialogs and orders of a merged customer, the dialogs whose auto-close falls in the batch) and
/// then calls ``retain(_:)`` with what it still needs. Stores, channels, users, bots, quick
/// replies and the settings histories are small and always held whole.
public struct RetainedEntities: Sendable {
    public var dialogs: Set<DialogID> = []
    public var contacts: Set<ContactKey> = []
    public var customers: Set<CustomerID> = []
    public var orders: Set<OrderID> = []
    public var tasks: Set<TaskID> = []
    public var messages: Set<MessageID> = []

    public init() {}

    /// Adds every id of `other`.
    public mutating func formUnion(_ other: RetainedEntities) {
        dialogs.formUnion(other.dialogs)
        contacts.formUnion(other.contacts)
        customers.formUnion(other.customers)
        orders.formUnion(other.orders)
        tasks.formUnion(other.tasks)
        messages.formUnion(other.messages)
    }
}

extension DomainState {
    /// Forgets every dialog, contact, customer, order, task and message not in `kept`, with the
    /// drafts of forgotten dialogs; rebuilds the customer indexes and the auto-close timers of
    /// what stays.
    ///
    /// The rules decide exactly as with the whole state as long as the store loads, before each
    /// event, everything that event reaches (see ``RetainedEntities``); the timers of kept open
    /// dialogs are armed again from their last activity, which is where their live entry was.
    ///
    /// What stays is closed over references first: a kept dialog keeps its contact and customer,
    /// an order its dialog and customer, a task its order and customer, a contact its customer,
    /// a customer the customers it was merged into (the rows that hold them may not be written
    /// yet, so they could not be loaded again).
    ///
    /// - Returns: the ids kept (`kept` and what they reference).
    /// - Complexity: O(entities held before the call).
    @discardableResult
    public mutating func retain(_ wanted: RetainedEntities) -> RetainedEntities {
        var kept = wanted
        for id in kept.tasks {
            switch tasks[id]?.subject {
            case .order(let order)?: kept.orders.insert(order)
            case .customer(let customer)?: kept.customers.insert(customer)
            case nil: break
            }
        }
        for id in kept.orders {
            guard let order = orders[id] else { continue }
            if let dialog = order.dialog { kept.dialogs.insert(dialog) }
            if let customer = order.customer { kept.customers.insert(customer) }
        }
        for id in kept.dialogs {
            guard let dialog = dialogs[id] else { continue }
            if let channel = dialog.channel, let contact = dialog.contact {
                kept.contacts.insert(ContactKey(channel: channel, contact: contact))
            }
            if let customer = dialog.customer { kept.customers.insert(customer) }
        }
        for key in kept.contacts {
            if let customer = contacts[key]?.customer { kept.customers.insert(customer) }
        }
        for id in Array(kept.customers) {
            var current = id
            while let next = customers[current]?.mergedInto, kept.customers.insert(next).inserted { current = next }
        }
        dialogs = dialogs.filter { kept.dialogs.contains($0.key) }
        contacts = contacts.filter { kept.contacts.contains($0.key) }
        customers = customers.filter { kept.customers.contains($0.key) }
        orders = orders.filter { kept.orders.contains($0.key) }
        tasks = tasks.filter { kept.tasks.contains($0.key) }
        messages = messages.filter { kept.messages.contains($0.key) }
        drafts = drafts.filter { kept.dialogs.contains($0.dialog) }
        customerDialogs.removeAll(keepingCapacity: true)
        customerOrders.removeAll(keepingCapacity: true)
        assignedTimers.removeAll()
        idleTimers.removeAll()
        for dialog in dialogs.values {
            if let customer = dialog.customer { customerDialogs[customer, default: []].append(dialog.id) }
            scheduleTimer(for: dialog)
        }
        for order in orders.values {
            if let customer = order.customer { customerOrders[customer, default: []].append(order.id) }
        }
        return kept
    }

    /// Whether a dialog is held in memory.
    public func holds(dialog id: DialogID) -> Bool { dialogs[id] != nil }
}

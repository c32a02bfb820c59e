extension DomainState {
    public mutating func insert(_ store: StoreState) { stores[store.id] = store }

    public mutating func insert(_ channel: ChannelState) { channels[channel.id] = channel }

    public mutating func insert(_ user: UserState) { users[user.id] = user }

    public mutating func insert(_ bot: BotState) { bots[bot.id] = bot }

    public mutating func insert(_ customer: CustomerState) { customers[customer.id] = customer }

    public mutating func insert(_ contact: ContactState) { contacts[contact.key] = contact }

    /// Inserts or replaces a dialog, keeps the customer index, and schedules its auto-close timer.
    public mutating func insert(_ dialog: DialogState) {
        if let old = dialogs[dialog.id], let oldCustomer = old.customer {
            customerDialogs[oldCustomer]?.removeAll { $0 == dialog.id }
        }
        dialogs[dialog.id] = dialog
        if let customer = dialog.customer { customerDialogs[customer, default: []].append(dialog.id) }
        scheduleTimer(for: dialog)
    }

    public mutating func insert(message id: MessageID, _ message: MessageState) { messages[id] = message }

    public mutating func insert(_ quickReply: QuickReplyState) {
        if let old = quickReplies[quickReply.id] { quickReplyCommands[old.command] = nil }
        quickReplies[quickReply.id] = quickReply
        quickReplyCommands[quickReply.command] = quickReply.id
    }

    public mutating func insert(draft: DraftKey) { drafts.insert(draft) }

    public mutating func insert(_ order: OrderState) {
        if let old = orders[order.id], let oldCustomer = old.customer {
            customerOrders[oldCustomer]?.removeAll { $0 == order.id }
        }
        orders[order.id] = order
        if let customer = order.customer { customerOrders[customer, default: []].append(order.id) }
    }

    public mutating func insert(_ task: TaskState) { tasks[task.id] = task }

    /// Appends to the time-limit history (insert in ingestion order).
    public mutating func insert(_ setting: TimeLimitSetting<ChannelID>) { timeLimitHistory.append(setting) }

    /// Appends to the chat-settings history and makes `version` the settings in effect.
    public mutating func insert(_ version: ChatSettingsVersion) {
        if version.settings.autoCloseAssignedSeconds != settings.autoCloseAssignedSeconds {
            assignedAutoCloseSince = version.effectiveAt
        }
        chatSettingsHistory.append(version)
        settings = version.settings
        settingsEffectiveAt = version.effectiveAt
    }
}

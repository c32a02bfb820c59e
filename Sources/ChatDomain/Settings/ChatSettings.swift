/// The chat settings in effect: what `settings.chats` events build up, field by field.
///
/// `autoCloseAssignedSeconds == nil` means no auto-close time is configured for assigned
/// dialogs; they then fall under the 30-day rule like every other open dialog.
public struct ChatSettings: Hashable, Sendable {
    /// The privacy policy block of the chat settings.
    public struct PrivacyPolicy: Hashable, Sendable {
        public var enabled: Bool
        public var text: String?
        public var url: String?
        public var excludedChannels: [ChannelID]
        /// The instant the policy was last switched on; dialogs created at or after it are gated.
        public var enabledSince: Int64?

        public init(
            enabled: Bool = false,
            text: String? = nil,
            url: String? = nil,
            excludedChannels: [ChannelID] = [],
            enabledSince: Int64? = nil
        ) {
            self.enabled = enabled
            self.text = text
            self.url = url
            self.excludedChannels = excludedChannels
            self.enabledSince = enabledSince
        }
    }

    /// Which chat widgets are on.
    public struct Widgets: Hashable, Sendable {
        public var order: Bool
        public var products: Bool
        public var tasks: Bool

        public init(order: Bool = true, products: Bool = true, tasks: Bool = true) {
            self.order = order
            self.products = products
            self.tasks = tasks
        }
    }

    public var autoCloseAssignedSeconds: Int64?
    public var defaultResponsible: [UserID]
    public var privacyPolicy: PrivacyPolicy
    public var widgets: Widgets
    public var orderMethod: String?
    public var orderType: String?
    public var firstResponderTakesDialog: Bool
    public var botRepliesStopClock: Bool
    public var clockStart: ClockStartPolicy

    public init(
        autoCloseAssignedSeconds: Int64? = nil,
        defaultResponsible: [UserID] = [],
        privacyPolicy: PrivacyPolicy = PrivacyPolicy(),
        widgets: Widgets = Widgets(),
        orderMethod: String? = nil,
        orderType: String? = nil,
        firstResponderTakesDialog: Bool = false,
        botRepliesStopClock: Bool = false,
        clockStart: ClockStartPolicy = .lastCustomerMessage
    ) {
        self.autoCloseAssignedSeconds = autoCloseAssignedSeconds
        self.defaultResponsible = defaultResponsible
        self.privacyPolicy = privacyPolicy
        self.widgets = widgets
        self.orderMethod = orderMethod
        self.orderType = orderType
        self.firstResponderTakesDialog = firstResponderTakesDialog
        self.botRepliesStopClock = botRepliesStopClock
        self.clockStart = clockStart
    }

    /// Whether a dialog on `channel`, created at `instant`, is held behind the privacy gate.
    public func requiresPrivacyAcceptance(channel: ChannelID, createdAt instant: Int64) -> Bool {
        guard privacyPolicy.enabled, let since = privacyPolicy.enabledSince, instant >= since else { return false }
        return !privacyPolicy.excludedChannels.contains(channel)
    }
}

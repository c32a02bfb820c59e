/// A partial update of the chat settings (`settings.chats`): `nil` leaves a field as it is.
///
/// `autoCloseAssignedSeconds` is a double optional: `nil` keeps the value, `.some(nil)` (JSON
/// `null`) switches assigned auto-close off. The privacy policy and widgets blocks are partial
/// too: a field left out of them keeps its value.
public struct ChatSettingsPatch: Hashable, Sendable {
    public var autoCloseAssignedSeconds: Int64??
    public var defaultResponsible: [UserID]?
    public var privacyEnabled: Bool?
    public var privacyText: String?
    public var privacyURL: String?
    public var privacyExcludedChannels: [ChannelID]?
    public var widgetOrder: Bool?
    public var widgetProducts: Bool?
    public var widgetTasks: Bool?
    public var orderMethod: String?
    public var orderType: String?
    public var firstResponderTakesDialog: Bool?
    public var botRepliesStopClock: Bool?
    public var clockStart: ClockStartPolicy?

    public init(
        autoCloseAssignedSeconds: Int64?? = nil,
        defaultResponsible: [UserID]? = nil,
        privacyEnabled: Bool? = nil,
        privacyText: String? = nil,
        privacyURL: String? = nil,
        privacyExcludedChannels: [ChannelID]? = nil,
        widgetOrder: Bool? = nil,
        widgetProducts: Bool? = nil,
        widgetTasks: Bool? = nil,
        orderMethod: String? = nil,
        orderType: String? = nil,
        firstResponderTakesDialog: Bool? = nil,
        botRepliesStopClock: Bool? = nil,
        clockStart: ClockStartPolicy? = nil
    ) {
        self.autoCloseAssignedSeconds = autoCloseAssignedSeconds
        self.defaultResponsible = defaultResponsible
        self.privacyEnabled = privacyEnabled
        self.privacyText = privacyText
        self.privacyURL = privacyURL
        self.privacyExcludedChannels = privacyExcludedChannels
        self.widgetOrder = widgetOrder
        self.widgetProducts = widgetProducts
        self.widgetTasks = widgetTasks
        self.orderMethod = orderMethod
        self.orderType = orderType
        self.firstResponderTakesDialog = firstResponderTakesDialog
        self.botRepliesStopClock = botRepliesStopClock
        self.clockStart = clockStart
    }

    /// `settings` with this patch applied at `instant` (which stamps a newly enabled privacy policy).
    public func applied(to settings: ChatSettings, at instant: Int64) -> ChatSettings {
        var result = settings
        if let autoClose = autoCloseAssignedSeconds { result.autoCloseAssignedSeconds = autoClose }
        if let defaultResponsible { result.defaultResponsible = defaultResponsible }
        if let privacyEnabled {
            if privacyEnabled && !settings.privacyPolicy.enabled { result.privacyPolicy.enabledSince = instant }
            if !privacyEnabled { result.privacyPolicy.enabledSince = nil }
            result.privacyPolicy.enabled = privacyEnabled
        }
        if let privacyText { result.privacyPolicy.text = privacyText }
        if let privacyURL { result.privacyPolicy.url = privacyURL }
        if let privacyExcludedChannels { result.privacyPolicy.excludedChannels = privacyExcludedChannels }
        if let widgetOrder { result.widgets.order = widgetOrder }
        if let widgetProducts { result.widgets.products = widgetProducts }
        if let widgetTasks { result.widgets.tasks = widgetTasks }
        if let orderMethod { result.orderMethod = orderMethod }
        if let orderType { result.orderType = orderType }
        if let firstResponderTakesDialog { result.firstResponderTakesDialog = firstResponderTakesDialog }
        if let botRepliesStopClock { result.botRepliesStopClock = botRepliesStopClock }
        if let clockStart { result.clockStart = clockStart }
        return result
    }
}

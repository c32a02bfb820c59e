/// Everything the chat rules need to decide on the next event, as a value.
///
/// Apply events in ingestion order with ``apply(_:seq:)``; each returns an ``Outcome`` whose
/// facts the store writes. Rejected events change nothing (not even the clock).
///
/// ## Restoring after a restart
/// Build an empty state and feed it what the database holds, then set the scalars:
/// - entities, each through `insert(_:)`: stores, channels, users, bots, customers (with
///   `mergedInto`), contacts (with their customer), quick replies, orders (with last status
///   and payments), tasks, drafts (the (dialog, user) pairs that have one);
/// - dialogs (``DialogState``): kind, channel, contact, customer, open/closed with
///   `closedAt`, privacy state, `botBlocked`, responsible, `formerResponsibles` (users that
///   were responsible and lost the dialog, from the assignment history), `lastActivityAt`
///   (latest customer, user or bot message not failed for `bot_blocked`, or the privacy
///   acceptance), `unreadCount`, internal `participants`. Inserting an open customer dialog
///   schedules its auto-close timer;
/// - messages (``MessageState``): id → dialog, sender kind, last delivery status;
/// - the time-limit history and the chat-settings history, each in ingestion order (the last
///   chat-settings version inserted becomes the settings in effect);
/// - ``clock`` (the latest `at` of an accepted event), ``roundRobinCursor``, and
///   ``restoredTimerFloor`` (the clock: no restored dialog closes automatically before it).
/// Event ids and fingerprints for duplicate detection are the store's (see ``EventLedger``).
public struct DomainState: Sendable {
    /// 30 days: the auto-close time of dialogs without a responsible user (unassigned or bot-held).
    public static let idleAutoCloseMicros: Int64 = 2_592_000 * 1_000_000
    /// Outgoing text: at most this many characters not counting white space.
    public static let maximumMessageCharacters = 2000
    /// Attachments of one message: at most this many bytes in total (20 MB).
    public static let maximumAttachmentBytes: Int64 = 20_971_520
    /// Quick reply text: at most this many characters including spaces.
    public static let maximumQuickReplyCharacters = 2000
    /// The longest setting duration (`warning_s`, `processing_s`, `auto_close_assigned_s`): what
    /// the `integer` columns hold, and far enough from `Int64` that µs arithmetic never overflows.
    public static let maximumSettingSeconds = Int64(Int32.max)

    /// Time: the latest `at` among accepted events (`Int64.min` before the first).
    public var clock: Int64 = .min
    /// Position of the next default-responsible pick (an ever-growing counter, taken modulo the list).
    public var roundRobinCursor: Int = 0

    public internal(set) var stores: [StoreID: StoreState] = [:]
    public internal(set) var channels: [ChannelID: ChannelState] = [:]
    public internal(set) var users: [UserID: UserState] = [:]
    public internal(set) var bots: [BotID: BotState] = [:]
    public internal(set) var customers: [CustomerID: CustomerState] = [:]
    public internal(set) var contacts: [ContactKey: ContactState] = [:]
    public internal(set) var dialogs: [DialogID: DialogState] = [:]
    public internal(set) var messages: [MessageID: MessageState] = [:]
    public internal(set) var quickReplies: [QuickReplyID: QuickReplyState] = [:]
    public internal(set) var drafts: Set<DraftKey> = []
    public internal(set) var orders: [OrderID: OrderState] = [:]
    public internal(set) var tasks: [TaskID: TaskState] = [:]
    public internal(set) var timeLimitHistory: [TimeLimitSetting<ChannelID>] = []
    public internal(set) var chatSettingsHistory: [ChatSettingsVersion] = []
    /// The chat settings in effect (the last version applied).
    public internal(set) var settings = ChatSettings()
    /// When the settings in effect took effect (`Int64.min` for the defaults).
    public internal(set) var settingsEffectiveAt: Int64 = .min
    /// When `auto_close_assigned_s` took the value in effect (`Int64.min` for the default):
    /// a close under that time is never stamped before it.
    public internal(set) var assignedAutoCloseSince: Int64 = .min
    /// The floor of automatic closes for dialogs restored from the store (their
    /// ``DialogState/timerFloor`` is `nil`): the clock at restore, since every dialog that was
    /// due before it had been closed by then. Set it after restoring.
    public var restoredTimerFloor: Int64 = .min

    // Derived indexes, rebuilt by `insert`.
    var quickReplyCommands: [String: QuickReplyID] = [:]
    var customerDialogs: [CustomerID: [DialogID]] = [:]
    var customerOrders: [CustomerID: [OrderID]] = [:]
    /// Open customer dialogs whose responsible is a user.
    var assignedTimers = TimerHeap()
    /// Every other open customer dialog (unassigned or bot-held).
    var idleTimers = TimerHeap()

    public init() {}
}

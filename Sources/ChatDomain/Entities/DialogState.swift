/// What the rules need to know about a dialog (customer dialog or internal thread).
public struct DialogState: Hashable, Sendable {
    public var id: DialogID
    public var kind: DialogKind
    /// `nil` for internal threads.
    public var channel: ChannelID?
    /// The contact of the first message (`nil` for internal threads).
    public var contact: ContactID?
    public var customer: CustomerID?
    public var isOpen: Bool
    public var openedAt: Int64
    /// The last close; kept when the dialog reopens (an automatic close never comes before it).
    public var closedAt: Int64?
    public var privacy: PrivacyState
    public var botBlocked: Bool
    public var responsible: Responsible
    /// Users that were responsible and lost the dialog to someone else (`dialog_reassigned`).
    public var formerResponsibles: [UserID]
    /// The latest customer, user or bot message (failed `bot_blocked` sends excluded), or the
    /// privacy acceptance: where the auto-close timers count from.
    public var lastActivityAt: Int64
    /// Customer messages after the last message of a user.
    public var unreadCount: Int
    /// Internal threads: the users taking part.
    public var participants: [UserID]
    /// The instant the dialog came under its current auto-close rule (it opened, or its
    /// responsible moved between a user and nobody or a bot); `nil` for a dialog restored from
    /// the store, which counts from ``DomainState/restoredTimerFloor``. An automatic close is
    /// never stamped before it: the change that made the dialog due happened then.
    public var timerFloor: Int64?

    public init(
        id: DialogID,
        kind: DialogKind,
        channel: ChannelID?,
        contact: ContactID?,
        customer: CustomerID? = nil,
        isOpen: Bool = true,
        openedAt: Int64,
        closedAt: Int64? = nil,
        privacy: PrivacyState = .notRequired,
        botBlocked: Bool = false,
        responsible: Responsible = .none,
        formerResponsibles: [UserID] = [],
        lastActivityAt: Int64,
        unreadCount: Int = 0,
        participants: [UserID] = [],
        timerFloor: Int64? = nil
    ) {
        self.id = id
        self.kind = kind
        self.channel = channel
        self.contact = contact
        self.customer = customer
        self.isOpen = isOpen
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.privacy = privacy
        self.botBlocked = botBlocked
        self.responsible = responsible
        self.formerResponsibles = formerResponsibles
        self.lastActivityAt = lastActivityAt
        self.unreadCount = unreadCount
        self.participants = participants
        self.timerFloor = timerFloor
    }

    /// Whether the privacy gate still holds the dialog.
    public var isPendingPrivacy: Bool { privacy == .pending }
}

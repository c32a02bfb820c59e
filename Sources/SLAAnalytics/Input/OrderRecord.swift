import ChatDomain

/// An order as of the report's `as_of`.
public struct OrderRecord: Sendable, Hashable {
    public var key: OrderKey
    public var sourceID: String
    /// The dialog it was created from; `nil` for orders not created from a chat (in no figure).
    public var dialog: DialogKey?
    /// The channel of that dialog (used by the channel filter for `managers.csv`).
    public var channel: ChannelKey?
    public var store: StoreKey
    /// The user who created it, when a user did.
    public var createdBy: UserKey?
    /// µs since the Unix epoch.
    public var createdAt: Int64
    public var seq: Int64
    /// Items plus delivery.
    public var total: Money
    /// The last status by `as_of`, if any.
    public var statusAsOf: String?
    /// The sum of payments marked paid by `as_of`.
    public var paidAmount: Money

    public init(
        key: OrderKey,
        sourceID: String,
        dialog: DialogKey?,
        channel: ChannelKey?,
        store: StoreKey,
        createdBy: UserKey?,
        createdAt: Int64,
        seq: Int64,
        total: Money,
        statusAsOf: String?,
        paidAmount: Money
    ) {
        self.key = key
        self.sourceID = sourceID
        self.dialog = dialog
        self.channel = channel
        self.store = store
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.seq = seq
        self.total = total
        self.statusAsOf = statusAsOf
        self.paidAmount = paidAmount
    }

    /// Whether the last status by `as_of` is `cancelled`.
    public var isCancelled: Bool { statusAsOf == "cancelled" }
}

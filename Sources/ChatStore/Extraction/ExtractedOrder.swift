import ChatDomain

/// A chat order as of `as_of`, as `chat_orders.sql` returns it; keys are the tables' surrogate keys.
public struct ExtractedOrder: Sendable, Hashable {
    public var key: Int64
    public var sourceID: String
    public var dialog: Int64?
    public var channel: Int64?
    /// The store of its channel; `nil` while the channel is mapped to none.
    public var store: Int64?
    public var createdBy: Int64?
    /// µs since the Unix epoch.
    public var createdAt: Int64
    public var seq: Int64
    public var total: Money
    /// The last status by `as_of`, if any.
    public var statusAsOf: String?
    /// The sum of payments marked paid by `as_of`.
    public var paidAmount: Money
}

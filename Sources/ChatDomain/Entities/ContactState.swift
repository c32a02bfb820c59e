/// A messenger contact: a lead while `customer` is `nil`.
public struct ContactState: Hashable, Sendable {
    public var channel: ChannelID
    public var contact: ContactID
    public var customer: CustomerID?

    public init(channel: ChannelID, contact: ContactID, customer: CustomerID? = nil) {
        self.channel = channel
        self.contact = contact
        self.customer = customer
    }

    public var key: ContactKey { ContactKey(channel: channel, contact: contact) }
}

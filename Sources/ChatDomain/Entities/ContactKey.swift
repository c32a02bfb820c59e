/// A messenger contact's identity: the channel and the contact's external id in it.
public struct ContactKey: Hashable, Sendable {
    public var channel: ChannelID
    public var contact: ContactID

    public init(channel: ChannelID, contact: ContactID) {
        self.channel = channel
        self.contact = contact
    }
}

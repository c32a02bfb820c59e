/// Phantom tags that give each kind of identifier its own type; see ``EntityID``.
public enum EntityTag {
    public enum Store {}
    public enum Channel {}
    public enum User {}
    public enum Bot {}
    public enum Customer {}
    public enum Contact {}
    public enum Dialog {}
    public enum Message {}
    public enum QuickReply {}
    public enum Order {}
    public enum Payment {}
    public enum Task {}
}

public typealias StoreID = EntityID<EntityTag.Store>
public typealias ChannelID = EntityID<EntityTag.Channel>
public typealias UserID = EntityID<EntityTag.User>
public typealias BotID = EntityID<EntityTag.Bot>
public typealias CustomerID = EntityID<EntityTag.Customer>
/// The external id of a messenger contact, unique within its channel.
public typealias ContactID = EntityID<EntityTag.Contact>
/// A customer dialog or an internal (manager-to-manager) thread; both share one id space.
public typealias DialogID = EntityID<EntityTag.Dialog>
public typealias MessageID = EntityID<EntityTag.Message>
public typealias QuickReplyID = EntityID<EntityTag.QuickReply>
public typealias OrderID = EntityID<EntityTag.Order>
public typealias PaymentID = EntityID<EntityTag.Payment>
public typealias TaskID = EntityID<EntityTag.Task>

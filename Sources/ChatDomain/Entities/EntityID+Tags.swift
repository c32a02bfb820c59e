/// Phantom tags that give each kind of identifier its own type; see ``EntityID``.
///
/// Uninhabited types that only name an entity: the source's ids (`DialogID`) and the database's
/// keys (`DialogKey`) of one entity carry the same tag.
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

public typealias StoreID = EntityID<EntityTag.Store, String>
public typealias ChannelID = EntityID<EntityTag.Channel, String>
public typealias UserID = EntityID<EntityTag.User, String>
public typealias BotID = EntityID<EntityTag.Bot, String>
public typealias CustomerID = EntityID<EntityTag.Customer, String>
/// The external id of a messenger contact, unique within its channel.
public typealias ContactID = EntityID<EntityTag.Contact, String>
/// A customer dialog or an internal (manager-to-manager) thread; both share one id space.
public typealias DialogID = EntityID<EntityTag.Dialog, String>
public typealias MessageID = EntityID<EntityTag.Message, String>
public typealias QuickReplyID = EntityID<EntityTag.QuickReply, String>
public typealias OrderID = EntityID<EntityTag.Order, String>
public typealias PaymentID = EntityID<EntityTag.Payment, String>
public typealias TaskID = EntityID<EntityTag.Task, String>

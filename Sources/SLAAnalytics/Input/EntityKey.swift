import ChatDomain

// The dense surrogate keys the database assigns, typed by the entity they name (``EntityID``
// over `Int64`, with the tags of the source's ids), so a dialog key can never be passed where a
// user key is expected:
//
//     let user: UserKey = 7
//     let dialog = DialogKey(rawValue: 7)   // a different type: `user == dialog` does not compile

public typealias ChannelKey = EntityID<EntityTag.Channel, Int64>
public typealias StoreKey = EntityID<EntityTag.Store, Int64>
public typealias UserKey = EntityID<EntityTag.User, Int64>
public typealias BotKey = EntityID<EntityTag.Bot, Int64>
public typealias DialogKey = EntityID<EntityTag.Dialog, Int64>
public typealias OrderKey = EntityID<EntityTag.Order, Int64>

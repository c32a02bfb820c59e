/// The messenger a channel connects to.
public enum ChannelKind: String, CaseIterable, Hashable, Sendable {
    case telegram
    case whatsapp
    case viber
    case instagram
    case facebook
    case vk
    case livechat
    case sms
    case email
    case other
}

/// One entry of the chat-settings history: the full settings in effect from an instant on.
public struct ChatSettingsVersion: Hashable, Sendable {
    public var settings: ChatSettings
    public var effectiveAt: Int64
    public var by: EventActor

    public init(settings: ChatSettings, effectiveAt: Int64, by: EventActor) {
        self.settings = settings
        self.effectiveAt = effectiveAt
        self.by = by
    }
}

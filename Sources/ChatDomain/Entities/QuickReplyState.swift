/// A quick reply: a command that inserts a (template) text.
public struct QuickReplyState: Hashable, Sendable {
    public var id: QuickReplyID
    public var command: String
    public var text: String
    public var category: String?

    public init(id: QuickReplyID, command: String, text: String, category: String?) {
        self.id = id
        self.command = command
        self.text = text
        self.category = category
    }
}

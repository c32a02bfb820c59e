/// A file attached to a message: its name, size in bytes and MIME type.
public struct MessageAttachment: Hashable, Sendable {
    public var name: String
    public var size: Int64
    public var mime: String

    public init(name: String, size: Int64, mime: String) {
        self.name = name
        self.size = size
        self.mime = mime
    }
}

/// Why the embedded server could not be set up, in words that say what to do.
public struct LocalClusterError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

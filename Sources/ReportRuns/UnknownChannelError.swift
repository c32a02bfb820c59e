/// `--channel` named a channel the database does not know by `as_of`.
public struct UnknownChannelError: Error, Sendable, Hashable, CustomStringConvertible {
    public var unknown: [String]
    public var known: [String]

    public init(unknown: [String], known: [String]) {
        self.unknown = unknown
        self.known = known
    }

    public var description: String {
        let names = unknown.joined(separator: ", ")
        let list = known.isEmpty ? "none yet" : known.joined(separator: ", ")
        return (unknown.count == 1 ? "no channel \(names)" : "no channels \(names)")
            + " by --as-of; the known channel ids are: \(list)"
    }
}

/// Time limits proposed for a channel, in seconds (multiples of 30; warning below processing).
public struct LimitProposal: Sendable, Hashable {
    public var warningSeconds: Int64?
    public var processingSeconds: Int64

    public init(warningSeconds: Int64?, processingSeconds: Int64) {
        self.warningSeconds = warningSeconds
        self.processingSeconds = processingSeconds
    }
}

/// A target share of episodes that must stay below a level, as an exact fraction.
///
/// ```swift
/// let target = OnTimeTarget(parsing: "0.95")   // 95/100
/// target?.smallestLimit(peakClocks: sorted)    // seconds, a multiple of 30
/// ```
public struct OnTimeTarget: Sendable, Hashable, CustomStringConvertible {
    /// numerator / denominator, in [0, 1].
    public let numerator: Int64
    public let denominator: Int64

    /// Parses `0.95`, `.9`, `1`, or a percentage `95%` (at most 6 fraction digits).
    public init?(parsing text: String) {
        var body = Substring(text)
        var scale: Int64 = 1
        if body.hasSuffix("%") {
            body = body.dropLast()
            scale = 100
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard whole.allSatisfy(\.isASCII), fraction.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber),
            fraction.allSatisfy(\.isNumber), !(whole.isEmpty && fraction.isEmpty), fraction.count <= 6,
            whole.count <= 3
        else { return nil }
        var denominator = scale
        for _ in fraction { denominator *= 10 }
        let numerator = (Int64(whole) ?? 0) * (denominator / scale) + (Int64(fraction) ?? 0)
        guard numerator <= denominator else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    public var description: String {
        let percent = Double(numerator) / Double(denominator) * 100
        return "\(percent)%"
    }

    /// Whether `kept` of `total` episodes meet the target (exactly, no floating point).
    public func isMet(kept: Int, of total: Int) -> Bool {
        Int64(kept) * denominator >= numerator * Int64(total)
    }

    /// The smallest limit in seconds (a multiple of 30, at least 30) that keeps at least this
    /// share of the episodes below it: an episode stays below limit `L` iff its peak clock < `L`.
    ///
    /// - Parameter peakClocks: per episode ``ChannelWaitSamples/peakClocks``, sorted ascending (µs).
    /// - Returns: `nil` without episodes.
    /// - Complexity: O(1) (one look-up in the sorted samples).
    public func smallestLimit(peakClocks: [Int64]) -> Int64? {
        let total = Int64(peakClocks.count)
        guard total > 0 else { return nil }
        // Episodes that must stay below: ceil(total · p).
        let needed = (numerator * total + denominator - 1) / denominator
        guard needed > 0 else { return 30 }
        let threshold = peakClocks[Int(needed) - 1]
        guard threshold >= 0 else { return 30 }
        // Smallest multiple of 30 s strictly above the threshold.
        let step: Int64 = 30_000_000
        return (threshold / step + 1) * step / 1_000_000
    }
}

extension OnTimeTarget {
    /// Per channel, the smallest limits meeting the targets: warning keeps at least `warning` of
    /// the episodes below it, processing at least `processing` (and is above warning, as the
    /// rules require: at least warning + 30 s). Channels without episodes get no proposal.
    ///
    /// - Parameters:
    ///   - samples: from a replay under the `clock_start` policy of the proposal.
    ///   - warning: the share to keep below warning.
    ///   - processing: the share to keep below overdue.
    /// - Returns: limits by channel source id.
    /// - Complexity: O(channels).
    public static func proposal(
        samples: [ChannelWaitSamples],
        warning: OnTimeTarget,
        processing: OnTimeTarget
    ) -> [String: LimitProposal] {
        var proposal: [String: LimitProposal] = [:]
        for channel in samples {
            guard let warningLimit = warning.smallestLimit(peakClocks: channel.peakClocks),
                let processingLimit = processing.smallestLimit(peakClocks: channel.peakClocks)
            else { continue }
            proposal[channel.channel] = LimitProposal(
                warningSeconds: warningLimit,
                processingSeconds: max(processingLimit, warningLimit + 30)
            )
        }
        return proposal
    }
}

extension ReportConfiguration {
    /// The same configuration with the limit history of some channels replaced by fixed limits,
    /// and optionally the `clock_start` policy replaced, for a what-if replay.
    ///
    /// ```swift
    /// let proposed = configuration.proposing(["tg": LimitProposal(warningSeconds: 600, processingSeconds: 900)])
    /// ```
    /// - Parameters:
    ///   - limits: by channel source id; those channels use these limits for every episode.
    ///   - clockStart: replaces the policy history's `clock_start` when given.
    /// - Returns: a configuration for an ``SLAAccumulator`` replay.
    /// - Complexity: O(channels).
    public func proposing(
        _ limits: [String: LimitProposal],
        clockStart: PolicySetting.ClockStart? = nil
    ) -> ReportConfiguration {
        var copy = self
        copy.limitsOverride = channels.map { channel in
            limits[channel.sourceID].map {
                Limits(warning: $0.warningSeconds.map { $0 * 1_000_000 }, processing: $0.processingSeconds * 1_000_000)
            }
        }
        if let clockStart { copy.clockStartOverride = clockStart }
        return copy
    }

    /// The source ids of the channels the report covers (after `--channel`), in slot order.
    public var includedChannelIDs: [String] {
        channels.indices.filter { channelIncluded[$0] }.map { channels[$0].sourceID }
    }
}

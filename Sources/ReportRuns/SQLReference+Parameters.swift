import ChatStore
import SLAAnalytics

extension SQLReference {
    /// Sets the report's parameters and defines the reference's temporary views on this connection.
    public func prepare(_ parameters: ReportParameters) throws {
        try prepare(
            asOf: parameters.asOf,
            from: parameters.from.description,
            to: parameters.to.description,
            timeZone: parameters.timeZone.identifier,
            channels: parameters.channelFilter
        )
    }
}

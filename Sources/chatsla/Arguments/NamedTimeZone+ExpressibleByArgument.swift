import ArgumentParser
import SLAAnalytics

/// `--tz Europe/Kyiv`: an IANA zone the system knows, kept under the user's name for it, which
/// the page shows (Foundation would call `UTC` "GMT").
extension NamedTimeZone: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

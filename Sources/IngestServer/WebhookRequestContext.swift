public import Hummingbird
public import HummingbirdAuth
public import NIOCore

/// The request context of `chatsla serve`: who authenticated, and the client's address.
public struct WebhookRequestContext: AuthRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``BearerTokenAuthenticator`` when the request carried the right token.
    public var identity: TokenHolder?
    /// The TCP peer, stored with the request's rejected lines.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        remoteAddress = source.channel.remoteAddress
    }
}

/// The identity of a request that presented the server's bearer token (there is only one).
public struct TokenHolder: Sendable {}

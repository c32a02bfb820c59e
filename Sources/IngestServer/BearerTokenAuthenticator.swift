public import Hummingbird
public import HummingbirdAuth

/// Accepts `Authorization: Bearer <token>` when the token equals the server's, compared in
/// constant time (the time taken does not depend on where the first difference is).
public struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    public typealias Context = WebhookRequestContext
    private let expected: [UInt8]

    public init(token: String) {
        expected = Array(token.utf8)
    }

    public func authenticate(request: Request, context: Context) async throws -> TokenHolder? {
        guard let bearer = request.headers.bearer else { return nil }
        return Self.constantTimeEquals(Array(bearer.token.utf8), expected) ? TokenHolder() : nil
    }

    /// Whether `a` equals `b`, looking at every byte of `b` whatever `a` holds.
    ///
    /// - Complexity: O(`b.count`), independent of the contents (the length of the secret is not hidden).
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        if a.count != b.count { difference |= 1 }
        for index in 0..<b.count {
            difference |= (index < a.count ? a[index] : 0) ^ b[index]
        }
        return difference == 0
    }
}

/// Answers 401 with `WWW-Authenticate: Bearer` to requests that did not authenticate.
public struct RequireTokenMiddleware: RouterMiddleware {
    public typealias Context = WebhookRequestContext

    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard context.identity != nil else {
            var response = JSONText.errorResponse(
                .unauthorized,
                "missing or wrong bearer token: send the header \"Authorization: Bearer <token>\" "
                    + "with the token of the server's --token-file"
            )
            response.headers[.wwwAuthenticate] = "Bearer realm=\"chatsla\""
            return response
        }
        return try await next(request, context)
    }
}

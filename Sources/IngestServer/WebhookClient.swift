import NIOCore
import NIOHTTP1
import NIOPosix

/// A keep-alive HTTP/1.1 client connection, as a webhook sender holds one (SwiftNIO's HTTP codec).
///
/// ```swift
/// let answer = try await WebhookClient.withConnection(host: "127.0.0.1", port: 8080) { client in
///     try await client.send(.POST, "/v1/events", headers: ["Authorization": "Bearer …"], body: bytes)
/// }
/// ```
/// Used by `chatsla bench serve` and the tests; one request at a time per connection.
public struct WebhookClient: ~Copyable {
    /// A response: status, headers, body.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The first header named `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// Why a request got no answer.
    public struct ClientError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private let host: String

    /// Connects, runs `body` with the connection, then closes it.
    public static func withConnection<Result>(
        host: String,
        port: Int,
        _ body: (inout WebhookClient) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var client = WebhookClient(inbound: inbound.makeAsyncIterator(), outbound: outbound, host: host)
            return try await body(&client)
        }
    }

    /// Sends one request and reads its whole response.
    ///
    /// - Throws: ``ClientError`` when the server closes the connection before answering.
    public mutating func send(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> Answer {
        var head = HTTPRequestHead(webhook: method, path, host: host, headers: headers)
        head.headers.add(name: "Content-Length", value: String(body.count))
        // One write of the whole request: one flush, so the request usually leaves in one segment.
        var parts: [HTTPClientRequestPart] = [.head(head)]
        if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)

        var answer = Answer(status: 0, headers: [], body: [])
        while let part = try await inbound.next() {
            switch part {
            case .head(let head):
                answer.status = Int(head.status.code)
                answer.headers = head.headers.map { ($0.name, $0.value) }
            case .body(let buffer):
                answer.body.append(contentsOf: buffer.readableBytesView)
            case .end:
                return answer
            }
        }
        throw ClientError(description: "the server closed the connection before answering \(method) \(path)")
    }
}

extension HTTPRequestHead {
    /// A webhook sender's HTTP/1.1 request head: `Host`, then `headers` (no `Content-Length`).
    init(webhook method: HTTPMethod, _ path: String, host: String, headers: [(String, String)]) {
        self.init(version: .http1_1, method: method, uri: path)
        self.headers.add(name: "Host", value: host)
        for (name, value) in headers { self.headers.add(name: name, value: value) }
    }
}

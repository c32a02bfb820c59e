import NIOCore
import NIOHTTP1
import NIOPosix

/// A webhook sender that posts its bodies one after another on one keep-alive connection, driven
/// by the connection's event loop (SwiftNIO's HTTP codec), and times each request.
///
/// ```swift
/// let latencies = try await WebhookSender.post(bodies, to: "/v1/events", host: "127.0.0.1", port: port,
///                                              headers: [("Authorization", "Bearer …")])
/// ```
/// `chatsla bench serve` loads the server with it: the server shares the machine with its clients,
/// and a sender that answers each response on the event loop that read it (no task to resume, no
/// hop to another thread) leaves the cores to the server. A request is sent once the previous
/// answer has ended, as a webhook sender with one connection does; every answer must be 200.
public enum WebhookSender {
    /// A request that was not answered 200, or a connection that ended before its answer.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Posts `bodies` in order and returns each request's seconds from its first byte written to
    /// its answer's end.
    ///
    /// - Throws: ``Failure`` for an answer other than 200 (with its body) or a closed connection;
    ///   the connection's errors.
    /// - Complexity: O(bytes sent and received).
    public static func post(
        _ bodies: [[UInt8]],
        to path: String,
        host: String,
        port: Int,
        headers: [(String, String)]
    ) async throws -> [Double] {
        guard !bodies.isEmpty else { return [] }
        let group = MultiThreadedEventLoopGroup.singleton
        let done = group.any().makePromise(of: [Double].self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(
                            Handler(bodies: bodies, path: path, host: host, headers: headers, done: done)
                        )
                    }
                }
                .connect(host: host, port: port)
                .get()
        } catch {
            // No handler will complete the promise (a promise left pending is a leak to NIO).
            done.fail(error)
            throw error
        }
        do {
            let latencies = try await done.futureResult.get()
            try? await channel.close()
            return latencies
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        private let bodies: [[UInt8]]
        private let head: HTTPRequestHead
        private let done: EventLoopPromise<[Double]>
        private var next = 0
        private var sent = NIODeadline.now()
        private var status: HTTPResponseStatus = .ok
        private var answer: [UInt8] = []
        private var latencies: [Double] = []
        private var finished = false

        init(
            bodies: [[UInt8]],
            path: String,
            host: String,
            headers: [(String, String)],
            done: EventLoopPromise<[Double]>
        ) {
            self.bodies = bodies
            head = HTTPRequestHead(webhook: .POST, path, host: host, headers: headers)
            self.done = done
            latencies.reserveCapacity(bodies.count)
        }

        func channelActive(context: ChannelHandlerContext) {
            send(context: context)
            context.fireChannelActive()
        }

        private func send(context: ChannelHandlerContext) {
            let body = bodies[next]
            var head = head
            head.headers.add(name: "Content-Length", value: String(body.count))
            sent = .now()
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            let buffer = context.channel.allocator.buffer(bytes: body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let response):
                status = response.status
                answer = []
            case .body(let buffer):
                if status != .ok { answer += buffer.readableBytesView }
            case .end:
                latencies.append(Double((NIODeadline.now() - sent).nanoseconds) / 1e9)
                guard status == .ok else {
                    let text = String(decoding: answer, as: UTF8.self)
                    return finish(.failure(Failure(description: "the server answered \(status.code): \(text)")))
                }
                next += 1
                if next == bodies.count { return finish(.success(latencies)) }
                send(context: context)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish(.failure(Failure(description: "the server closed the connection before answering every request")))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish(.failure(error))
            context.close(promise: nil)
        }

        private func finish(_ result: Result<[Double], any Error>) {
            guard !finished else { return }
            finished = true
            done.completeWith(result)
        }
    }
}

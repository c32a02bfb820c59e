import ChatDomain
import ChatStore
import Foundation
import Hummingbird
import HummingbirdAuth
public import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
public import UnixSignals

/// `chatsla serve`: webhooks in, the same ``Ingester`` as `chatsla ingest` behind.
///
/// ```swift
/// let server = IngestServer(configuration: configuration, logger: logger)
/// try await server.run(gracefulShutdownSignals: [.sigterm, .sigint]) { port in print("listening on \(port)") }
/// ```
/// Routes: `POST /v1/events` (token), `GET /metrics` (token), `GET /healthz` (no token).
/// A `POST` is answered only after the transaction holding its events is committed; see
/// ``IngestQueue`` for the queue, group commit and database failures. On SIGTERM/SIGINT the
/// HTTP server stops accepting and finishes the requests in hand, then the ingester commits
/// what is queued and the process exits.
public final class IngestServer: Sendable {
    public let configuration: IngestServerConfiguration
    let logger: Logger
    let metrics: IngestMetrics
    let queue: IngestQueue
    /// The service group, once `run` made it (for ``shutdown()``).
    private let group = Mutex<ServiceGroup?>(nil)
    /// The last request's number: requests are numbered from 1, for their source in `rejected_events`.
    private let requestCounter = Mutex(0)

    public init(configuration: IngestServerConfiguration, logger: Logger = Logger(label: "chatsla.serve")) {
        self.configuration = configuration
        self.logger = logger
        metrics = IngestMetrics()
        queue = IngestQueue(configuration: configuration, metrics: metrics, logger: logger)
    }

    /// Runs until a graceful shutdown (a signal of `gracefulShutdownSignals`, or ``shutdown()``).
    ///
    /// - Parameters:
    ///   - gracefulShutdownSignals: signals that stop the server gracefully (none in tests).
    ///   - onListening: called with the bound port once the server accepts connections.
    /// - Throws: when the address cannot be bound.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [],
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let router = Router(context: WebhookRequestContext.self)
        router.add(middleware: RequestTimingMiddleware(metrics: metrics))
        router.get("healthz") { [queue] _, _ -> Response in
            switch queue.currentHealth {
            case .ready:
                return JSONText.response(.ok, "{\"status\":\"ok\"}\n")
            case .starting:
                return JSONText.errorResponse(.serviceUnavailable, "the server is connecting to the database")
            case .unavailable(let reason):
                return JSONText.errorResponse(.serviceUnavailable, reason)
            }
        }
        let protected = router.group()
            .add(middleware: BearerTokenAuthenticator(token: configuration.token))
            .add(middleware: RequireTokenMiddleware())
        protected.post("v1/events") { [self] request, context in
            try await events(request, context: context)
        }
        protected.get("metrics") { [metrics] _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.text()))
            )
        }
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "chatsla"
            ),
            onServerRunning: { [logger] channel in
                let port = channel.localAddress?.port ?? 0
                logger.notice("listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
                await onListening(port)
            },
            logger: logger
        )
        let serviceGroup = ServiceGroup(
            services: [IngestService(queue: queue), app],
            gracefulShutdownSignals: gracefulShutdownSignals,
            logger: logger
        )
        group.withLock { $0 = serviceGroup }
        try await serviceGroup.run()
        logger.notice("stopped: every answered request is committed")
    }

    /// Time the ingester spent per phase and statement (after ``run`` returned), for `bench serve`.
    public var ingestTimings: [String: Duration] { queue.timings }

    /// Stops as SIGTERM does: no new connections, the requests in hand finished and committed.
    public func shutdown() async {
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }

    /// `POST /v1/events`.
    private func events(_ request: Request, context: WebhookRequestContext) async throws -> Response {
        let limit = configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return tooLarge(limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return tooLarge(limit)
        }
        let number = requestCounter.withLock { last in
            last += 1
            return last
        }
        let client = context.remoteAddress.map(Self.describe) ?? "an unknown address"
        let source = "POST /v1/events #\(number) from \(client) at \(Self.timestamp())"
        let body: EventBody
        do {
            body = try EventBody(source: source, bytes: Array(buffer.readableBytesView))
        } catch let error as EventBodyError {
            return JSONText.errorResponse(
                .badRequest,
                "\(error); send JSON Lines (one event a line) or one well-formed JSON array of events"
            )
        }
        switch await queue.submit(body) {
        case .committed(let outcomes):
            return JSONText.response(.ok, JSONText.outcomes(outcomes, request: source))
        case .unavailable(let reason):
            return retryLater("\(reason); send the request again (event ids make a repeat harmless)")
        case .full:
            return retryLater(
                "the ingestion queue is full (\(configuration.queueLines) lines waiting); "
                    + "send the request again after the Retry-After delay"
            )
        case .stopping:
            return retryLater("the server is stopping; nothing of this request was kept: send it again")
        }
    }

    private func tooLarge(_ limit: Int) -> Response {
        JSONText.errorResponse(
            .contentTooLarge,
            "the body is larger than the server's limit of \(limit) bytes (--max-body); split the events "
                + "into several requests"
        )
    }

    private func retryLater(_ message: String) -> Response {
        var response = JSONText.errorResponse(.serviceUnavailable, message)
        response.headers[.retryAfter] = String(configuration.retryAfterSeconds)
        return response
    }

    /// `127.0.0.1:50122`, `[::1]:50122`.
    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        if case .v6 = address { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }

    /// The current instant as RFC 3339 UTC.
    static func timestamp() -> String {
        RFC3339.format(Int64(Date().timeIntervalSince1970 * 1_000_000))
    }
}

/// Runs the ingesting thread as a service of the group, after the HTTP server in shutdown order.
private struct IngestService: Service {
    let queue: IngestQueue

    func run() async throws {
        queue.start()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    queue.whenFinished { continuation.resume() }
                }
            } onCancel: {
                queue.stop()
            }
        } onGracefulShutdown: {
            queue.stop()
        }
    }
}

/// Records every request's latency by route and status.
private struct RequestTimingMiddleware: RouterMiddleware {
    typealias Context = WebhookRequestContext
    let metrics: IngestMetrics

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        let route = ["/v1/events", "/healthz", "/metrics"].contains(path) ? path : "other"
        do {
            let response = try await next(request, context)
            metrics.request(
                route: route,
                status: response.status.code,
                seconds: (ContinuousClock.now - started).seconds
            )
            return response
        } catch let error as any HTTPResponseError {
            metrics.request(route: route, status: error.status.code, seconds: (ContinuousClock.now - started).seconds)
            throw error
        }
    }
}

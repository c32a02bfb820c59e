import ChatStore
import Foundation
import Metrics
import Prometheus
import Synchronization

/// What `GET /metrics` shows, in Prometheus text: swift-metrics handles over a registry of
/// this server's own (not the process-wide `MetricsSystem`, so servers in one process stay apart).
///
/// - `chatsla_serve_events_total{outcome, code}`: lines by outcome (`code` only for rejections);
/// - `chatsla_serve_request_duration_seconds{route, status}`: request latency histogram;
/// - `chatsla_serve_queue_requests`, `chatsla_serve_queue_lines`: waiting for the ingester;
/// - `chatsla_serve_batch_requests`, `chatsla_serve_batch_lines`: group commit sizes (histograms),
///   `chatsla_serve_batch_duration_seconds`: time to apply and commit one group;
/// - `chatsla_serve_requests_in_hand`: requests queued or being committed (not yet answered);
/// - `chatsla_serve_database_up`: 1 while the database answers.
final class IngestMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Counters by outcome and code, timers by route and status: made on first use.
    private let events = Mutex<[String: Metrics.Counter]>([:])
    private let latencies = Mutex<[String: Metrics.Timer]>([:])
    private let queueRequests: Metrics.Gauge
    private let queueLines: Metrics.Gauge
    private let batchRequests: Metrics.Recorder
    private let batchLines: Metrics.Recorder
    private let batchDuration: Metrics.Timer
    private let databaseGauge: Metrics.Gauge
    private let inHandGauge: Metrics.Gauge

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let latencyBuckets: [Duration] = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        factory.durationHistogramBuckets = [
            "chatsla_serve_request_duration_seconds": latencyBuckets,
            "chatsla_serve_batch_duration_seconds": latencyBuckets,
        ]
        factory.valueHistogramBuckets = [
            "chatsla_serve_batch_requests": [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
            "chatsla_serve_batch_lines": [1, 10, 100, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000],
        ]
        self.factory = factory
        queueRequests = Metrics.Gauge(label: "chatsla_serve_queue_requests", factory: factory)
        queueLines = Metrics.Gauge(label: "chatsla_serve_queue_lines", factory: factory)
        batchRequests = Metrics.Recorder(label: "chatsla_serve_batch_requests", factory: factory)
        batchLines = Metrics.Recorder(label: "chatsla_serve_batch_lines", factory: factory)
        batchDuration = Metrics.Timer(label: "chatsla_serve_batch_duration_seconds", factory: factory)
        databaseGauge = Metrics.Gauge(label: "chatsla_serve_database_up", factory: factory)
        databaseGauge.record(0)
        inHandGauge = Metrics.Gauge(label: "chatsla_serve_requests_in_hand", factory: factory)
        inHandGauge.record(0)
    }

    /// Counts a committed body's lines by outcome and code.
    func count(_ outcomes: [LineOutcome]) {
        var tally: [String: Int] = [:]
        for outcome in outcomes { tally[outcome.kind.rawValue + "\u{0}" + (outcome.code ?? ""), default: 0] += 1 }
        events.withLock { events in
            for (key, count) in tally {
                let counter: Metrics.Counter
                if let existing = events[key] {
                    counter = existing
                } else {
                    let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
                    counter = Metrics.Counter(
                        label: "chatsla_serve_events_total",
                        dimensions: [("outcome", String(parts[0])), ("code", String(parts[1]))],
                        factory: factory
                    )
                    events[key] = counter
                }
                counter.increment(by: count)
            }
        }
    }

    /// Records one request's time from arrival to answer.
    func request(route: String, status: Int, seconds: Double) {
        let key = "\(route) \(status)"
        let timer = latencies.withLock { latencies in
            if let existing = latencies[key] { return existing }
            let timer = Metrics.Timer(
                label: "chatsla_serve_request_duration_seconds",
                dimensions: [("route", route), ("status", String(status))],
                factory: factory
            )
            latencies[key] = timer
            return timer
        }
        timer.recordNanoseconds(Int64(seconds * 1e9))
    }

    func queue(requests: Int, lines: Int) {
        queueRequests.record(requests)
        queueLines.record(lines)
    }

    func batch(requests: Int, lines: Int, seconds: Double) {
        batchRequests.record(requests)
        batchLines.record(lines)
        batchDuration.recordNanoseconds(Int64(seconds * 1e9))
    }

    func inHand(_ requests: Int) {
        inHandGauge.record(requests)
    }

    func databaseUp(_ up: Bool) {
        databaseGauge.record(up ? 1 : 0)
    }

    /// The Prometheus text exposition of every metric.
    func text() -> [UInt8] {
        registry.emitToBuffer()
    }
}

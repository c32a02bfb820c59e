/// Fitted realism constants, derived from the real customer-support data in
/// `shared/data/real/` (TWCS head sample "A" and IBM Twitter care "B", see its README).
/// No data file is copied into the project: only the figures below.
enum RealismParameters {
    /// Reply delay quantiles in seconds (probability, seconds), interpolated log-linearly.
    ///
    /// From README §A "Response times seen" (2,188 company replies to an inbound tweet):
    /// p10 2.4 min, p25 5.1, p50 12.1, p75 55.5, p90 385, p95 810, p99 2,808, max 18,290.
    /// The p0 knot (20 s) is an assumption: nobody types a reply faster.
    static let replyDelayQuantiles: [(probability: Double, seconds: Double)] = [
        (0.00, 20),
        (0.10, 2.4 * 60),
        (0.25, 5.1 * 60),
        (0.50, 12.1 * 60),
        (0.75, 55.5 * 60),
        (0.90, 385 * 60),
        (0.95, 810 * 60),
        (0.99, 2_808 * 60),
        (1.00, 18_290 * 60),
    ]

    /// Per-channel-kind multiplier of the reply delay: live chat is watched, e-mail is not.
    /// An assumption (Twitter sits between the two); messengers keep the Twitter figures.
    static func replyDelayFactor(kind: ChannelKind) -> Double {
        switch kind {
        case .livechat: 0.35
        case .email: 2.5
        default: 1.0
        }
    }

    /// Customer traffic by local hour of day (0…23).
    ///
    /// IBM "B" customer messages per UTC hour (dev + test, 1,211 messages):
    /// 60 59 53 39 28 28 20 19 15 26 23 25 32 42 56 79 79 87 67 93 77 73 58 73, shifted by
    /// five hours (the brands' customers are mostly on US Eastern time) to give local hours.
    /// The TWCS head sample is one evening's burst and useless for this shape.
    static let hourlyTraffic: [Double] = {
        let utc: [Double] = [
            60, 59, 53, 39, 28, 28, 20, 19, 15, 26, 23, 25, 32, 42, 56, 79, 79, 87, 67, 93, 77, 73, 58, 73,
        ]
        return (0..<24).map { utc[($0 + 5) % 24] }
    }()

    /// Customer traffic by weekday, Monday first.
    ///
    /// IBM "B" customer messages per weekday: 178 187 209 190 172 125 150, i.e. the weekend
    /// carries about 0.73 of a weekday's traffic.
    static let weekdayTraffic: [Double] = [178, 187, 209, 190, 172, 125, 150]

    /// Probability that a customer adds one more message to a burst before any reply.
    ///
    /// Runs of customer messages before an agent reply: TWCS 2,495×1, 98×2, 11×3, 5×4, …
    /// (≈4.6 % multi-message bursts); IBM 1,077×1, 54×2, 7×3, 1×5 (≈5 %). Messengers split
    /// thoughts into short lines far more than Twitter, so the chat figure is raised to 0.30
    /// (mean burst 1.43 messages); the Twitter figure is the floor.
    static let burstContinuation = 0.30

    /// Gap between messages of one burst: log-normal, median 90 s, σ 0.92.
    ///
    /// Fitted to TWCS customers following up on their own tweet: p10 28 s, p25 49 s
    /// (p25/p10 = 1.75 ⇒ σ = ln 1.75 / 0.607 ≈ 0.92, median = 49 s · e^(0.674·0.92) ≈ 90 s).
    static let burstGapMedianSeconds = 90.0
    static let burstGapSigma = 0.92

    /// The customer's own answer time within one conversation round (median 4 min, σ 1.3):
    /// an assumption, as the data has no explicit round trips beyond the bursts above.
    static let customerAnswerMedianSeconds = 240.0
    static let customerAnswerSigma = 1.3

    /// Probability that a conversation goes on for another round after a reply.
    /// IBM `messageCount` 2 in 883 of 1,025 conversations: Twitter threads are short; chats
    /// are longer, so 0.50 (mean 2 rounds) is used.
    static let nextRound = 0.50

    /// Probability that the manager sends a second message right after the first.
    static let secondReply = 0.35

    /// Probability that a finished conversation is reopened by the customer later (1–10 days).
    static let reopen = 0.22

    /// Probability that the responsible closes the dialog after the last round (the rest are
    /// left to auto-close).
    static let closeByManager = 0.55

    /// Probability that a chat conversation ends in an order; share of orders cancelled.
    static let order = 0.14
    static let orderCancelled = 0.12

    /// Delivery-status probabilities for outgoing messages.
    static let failedSend = 0.015
    static let delivered = 0.93
    static let read = 0.68

    /// Share of customer messages that arrive late (their event is ingested 1–40 min after `at`).
    static let lateArrival = 0.002

    /// Samples the reply delay quantile function at `u` ∈ [0, 1).
    static func replyDelaySeconds(_ u: Double) -> Double {
        let knots = replyDelayQuantiles
        var index = 1
        while index < knots.count - 1 && knots[index].probability <= u {
            index += 1
        }
        let low = knots[index - 1]
        let high = knots[index]
        let fraction = (u - low.probability) / (high.probability - low.probability)
        let logLow = DeterministicMath.log(low.seconds)
        return DeterministicMath.exp(logLow + fraction * (DeterministicMath.log(high.seconds) - logLow))
    }
}

import ChatDomain
import SLAAnalytics

/// Geometry of one channel's "answered within t" chart: the share of episodes answered within
/// t, for t from 0 to 2× the processing limit, with the warning and processing limits marked.
/// Coordinates are `viewBox` units; the page template only places them.
struct WaitShareChart {
    struct Tick {
        var tickX: String
        var tickText: String
    }

    static let width = 360
    static let height = 150
    private static let left = 36.0
    /// Room for half of the last tick's label ("12h30m"), so it is never cut at the edge.
    private static let right = 26.0
    private static let top = 10.0
    private static let bottom = 28.0
    /// Points along t: enough for a smooth step curve, few enough for a small page.
    private static let steps = 120

    var shareChannel: String
    var viewBox: String
    var plotLeft: String
    var plotRight: String
    var plotTop: String
    var plotBottom: String
    var midY: String
    var shareLine: String
    var hasWarningMark: Bool
    var warningX: String
    var warningMarkText: String
    var hasProcessingMark: Bool
    var processingX: String
    var processingMarkText: String
    var timeTicks: [Tick]
    var shareSummary: String

    /// - Parameters:
    ///   - samples: the channel's sorted answered waits and episode count.
    ///   - name: the channel's name, for the heading and the accessible title (default: its id).
    ///   - warningSeconds: the warning limit to mark, if any.
    ///   - processingSeconds: the processing limit to mark; without it, the range is twice the
    ///     longest answered wait (at least a minute).
    /// - Complexity: O(steps · log samples).
    init(samples: ChannelWaitSamples, name: String? = nil, warningSeconds: Int64?, processingSeconds: Int64?) {
        let waits = samples.answeredWaits
        let wanted: Int64 = max(
            60_000_000,
            processingSeconds.map { 2 * $0 * 1_000_000 } ?? 2 * (waits.last ?? 30_000_000)
        )
        // Round ticks (30s, 5m, 1h, …): the range grows to a whole number of steps.
        let tickStep = Self.tickStep(forRange: wanted)
        let range = (wanted + tickStep - 1) / tickStep * tickStep
        let plotWidth = Double(Self.width) - Self.left - Self.right
        let plotHeight = Double(Self.height) - Self.top - Self.bottom
        func x(_ micros: Int64) -> Double { Self.left + plotWidth * Double(micros) / Double(range) }
        func y(_ share: Double) -> Double { Self.top + plotHeight * (1 - share) }
        let total = max(samples.episodes, 1)
        var points: [String] = []
        for step in 0...Self.steps {
            let t = range * Int64(step) / Int64(Self.steps)
            let answered = Self.countAtMost(t, in: waits)
            points.append("\(Self.number(x(t))),\(Self.number(y(Double(answered) / Double(total))))")
        }
        let title = name ?? samples.channel
        shareChannel = title
        viewBox = "0 0 \(Self.width) \(Self.height)"
        plotLeft = Self.number(Self.left)
        plotRight = Self.number(Double(Self.width) - Self.right)
        plotTop = Self.number(Self.top)
        plotBottom = Self.number(y(0))
        midY = Self.number(y(0.5))
        shareLine = points.joined(separator: " ")
        hasWarningMark = warningSeconds != nil
        warningX = Self.number(x((warningSeconds ?? 0) * 1_000_000))
        warningMarkText = "warning " + DurationText.text(warningSeconds ?? 0)
        hasProcessingMark = processingSeconds != nil
        processingX = Self.number(x((processingSeconds ?? 0) * 1_000_000))
        processingMarkText = "processing " + DurationText.text(processingSeconds ?? 0)
        timeTicks = (0...(range / tickStep)).map { index in
            let t = index * tickStep
            return Tick(tickX: Self.number(x(t)), tickText: DurationText.text(t / 1_000_000))
        }
        func share(within seconds: Int64?) -> String {
            guard let seconds, samples.episodes > 0 else { return "" }
            let answered = Self.countAtMost(seconds * 1_000_000, in: waits)
            return ", \(DisplayFormat.percent(Rate(Int64(answered), over: Int64(samples.episodes)))) "
                + "within \(DurationText.text(seconds))"
        }
        shareSummary =
            "\(title): share of \(samples.episodes) episodes answered within t"
            + share(within: warningSeconds) + share(within: processingSeconds)
    }

    /// Steps a person reads at a glance, in seconds.
    private static let roundSteps: [Int64] = [
        5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
    ]

    /// The smallest round step (µs) that cuts `range` into at most five parts.
    static func tickStep(forRange range: Int64) -> Int64 {
        for seconds in roundSteps where range <= seconds * 1_000_000 * 5 {
            return seconds * 1_000_000
        }
        let week: Int64 = 604_800 * 1_000_000
        return (range + 5 * week - 1) / (5 * week) * week
    }

    /// How many sorted samples are at most `value`.
    /// - Complexity: O(log n).
    static func countAtMost(_ value: Int64, in sorted: [Int64]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func number(_ value: Double) -> String { DailyTrendChart.number(value) }
}

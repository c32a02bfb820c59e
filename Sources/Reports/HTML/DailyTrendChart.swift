/// Geometry of the daily trend chart: a bar per day for episodes, and lines for the episodes
/// that reached warning and overdue, all on one count scale. Coordinates are in the SVG's
/// `viewBox` units, computed once here so the template only places them.
struct DailyTrendChart {
    /// One day's counts, all channels together.
    struct Day {
        var label: String
        var episodes: Int
        var warning: Int
        var overdue: Int
    }

    struct Bar {
        var x: String
        var y: String
        var barWidth: String
        var barHeight: String
        var tooltip: String
    }

    struct Point {
        var cx: String
        var cy: String
    }

    struct Tick {
        var tickY: String
        var tickLabelY: String
        var tickLabel: String
    }

    struct AxisLabel {
        var labelX: String
        var labelText: String
    }

    static let width = 720
    static let height = 260
    private static let left = 48.0
    private static let right = 12.0
    private static let top = 14.0
    private static let bottom = 40.0

    var viewBox: String
    var plotLeft: String
    var plotRight: String
    var baseline: String
    var bars: [Bar]
    var warningLine: String
    var overdueLine: String
    var warningPoints: [Point]
    var overduePoints: [Point]
    var ticks: [Tick]
    var axisLabels: [AxisLabel]
    var hasData: Bool
    var summary: String

    /// - Complexity: O(days).
    init(days: [Day]) {
        let plotWidth = Double(Self.width) - Self.left - Self.right
        let plotHeight = Double(Self.height) - Self.top - Self.bottom
        let maximum = days.map { max($0.episodes, $0.warning, $0.overdue) }.max() ?? 0
        let step = Self.tickStep(for: maximum)
        let scaleTop = max(step, (maximum + step - 1) / step * step)
        let slot = days.isEmpty ? plotWidth : plotWidth / Double(days.count)
        func x(_ index: Int) -> Double { Self.left + slot * (Double(index) + 0.5) }
        func y(_ value: Int) -> Double { Self.top + plotHeight * (1 - Double(value) / Double(scaleTop)) }
        let baseY = y(0)

        viewBox = "0 0 \(Self.width) \(Self.height)"
        plotLeft = Self.number(Self.left)
        plotRight = Self.number(Double(Self.width) - Self.right)
        baseline = Self.number(baseY)
        bars = days.enumerated().map { index, day in
            let top = y(day.episodes)
            return Bar(
                x: Self.number(x(index) - slot * 0.35),
                y: Self.number(top),
                barWidth: Self.number(slot * 0.7),
                barHeight: Self.number(baseY - top),
                tooltip: "\(day.label): \(day.episodes) episodes, \(day.warning) reached warning, "
                    + "\(day.overdue) reached overdue"
            )
        }
        warningPoints = days.enumerated().map { Point(cx: Self.number(x($0)), cy: Self.number(y($1.warning))) }
        overduePoints = days.enumerated().map { Point(cx: Self.number(x($0)), cy: Self.number(y($1.overdue))) }
        warningLine = warningPoints.map { "\($0.cx),\($0.cy)" }.joined(separator: " ")
        overdueLine = overduePoints.map { "\($0.cx),\($0.cy)" }.joined(separator: " ")
        ticks = stride(from: 0, through: scaleTop, by: step).map { value in
            Tick(tickY: Self.number(y(value)), tickLabelY: Self.number(y(value) + 4), tickLabel: String(value))
        }
        // At most about eight date labels, so they never overlap.
        let every = max(1, (days.count + 7) / 8)
        axisLabels = days.enumerated().compactMap { index, day in
            guard index % every == 0 else { return nil }
            return AxisLabel(labelX: Self.number(x(index)), labelText: String(day.label.suffix(5)))
        }
        hasData = maximum > 0
        let episodes = days.reduce(0) { $0 + $1.episodes }
        summary =
            "Episodes per day from \(days.first?.label ?? "") to \(days.last?.label ?? ""): "
            + "\(episodes) in total, at most \(maximum) on one day."
    }

    /// A step of 1, 2 or 5 × 10ⁿ giving at most five steps up to `maximum`.
    static func tickStep(for maximum: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where maximum <= factor * magnitude * 5 {
                return factor * magnitude
            }
            magnitude *= 10
        }
    }

    /// A coordinate with at most one decimal: `12.5`, `240`.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let magnitude = tenths.magnitude
        let text = magnitude % 10 == 0 ? "\(magnitude / 10)" : "\(magnitude / 10).\(magnitude % 10)"
        return tenths < 0 ? "-" + text : text
    }
}

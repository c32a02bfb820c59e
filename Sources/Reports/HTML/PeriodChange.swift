import SLAAnalytics

/// A figure against the previous period, as the page shows it: `▲ 2.1 pt` for a rate,
/// `▼ 4.0 %` for a count or money, `▲ 12 s` for a duration. Exact integer arithmetic, rounded
/// half away from zero like every figure of the report.
enum PeriodChange {
    /// A rate's change in percentage points; a rise is better when `higherIsBetter`.
    static func rate(_ now: Rate?, before: Rate?, higherIsBetter: Bool) -> PageModel.Change {
        guard let now, let before else { return missing(previous: DisplayFormat.percent(before)) }
        // (a/b − c/d) in tenths of a percentage point: (a·d − c·b) · 1000 / (b·d).
        let tenths = ExactRounding.quotient(
            (now.numerator * before.denominator - before.numerator * now.denominator) * 1000,
            now.denominator * before.denominator
        )
        let magnitude = tenths.magnitude
        return change(
            sign: tenths.signum(),
            text: "\(magnitude / 10).\(magnitude % 10) pt",
            higherIsBetter: higherIsBetter,
            previous: DisplayFormat.percent(before)
        )
    }

    static func count(_ now: Int, before: Int?, higherIsBetter: Bool?) -> PageModel.Change {
        guard let before else { return missing(previous: DisplayFormat.missing) }
        return relative(
            Int64(now),
            Int64(before),
            higherIsBetter: higherIsBetter,
            previous: DisplayFormat.count(before)
        )
    }

    static func money(_ now: Int64, before: Int64, money: MoneyText) -> PageModel.Change {
        relative(now, before, higherIsBetter: true, previous: money.text(cents: before))
    }

    /// A time: shorter is better.
    static func duration(_ now: TenthsOfSecond?, before: TenthsOfSecond?) -> PageModel.Change {
        guard let now, let before else { return missing(previous: DisplayFormat.duration(before)) }
        let difference = now.tenths - before.tenths
        return change(
            sign: difference.signum(),
            text: DisplayFormat.duration(TenthsOfSecond(tenths: abs(difference))),
            higherIsBetter: false,
            previous: DisplayFormat.duration(before)
        )
    }

    /// The change in per cent of the previous figure; a figure from nothing is "new".
    private static func relative(
        _ now: Int64,
        _ before: Int64,
        higherIsBetter: Bool?,
        previous: String
    )
        -> PageModel.Change
    {
        guard before != 0 else {
            return now == 0
                ? change(sign: 0, text: "0.0 %", higherIsBetter: higherIsBetter, previous: previous)
                : PageModel.Change(changeText: "new", tone: "same", previousText: previous)
        }
        let tenths = ExactRounding.quotient((now - before) * 1000, abs(before))
        let magnitude = tenths.magnitude
        return change(
            sign: tenths.signum(),
            text: "\(magnitude / 10).\(magnitude % 10) %",
            higherIsBetter: higherIsBetter,
            previous: previous
        )
    }

    private static func change(sign: Int64, text: String, higherIsBetter: Bool?, previous: String) -> PageModel.Change {
        let arrow = sign > 0 ? "▲" : (sign < 0 ? "▼" : "=")
        let tone: String
        if sign == 0 || higherIsBetter == nil {
            tone = "same"
        } else {
            tone = (sign > 0) == higherIsBetter ? "better" : "worse"
        }
        return PageModel.Change(changeText: "\(arrow)\u{00A0}\(text)", tone: tone, previousText: previous)
    }

    private static func missing(previous: String) -> PageModel.Change {
        PageModel.Change(changeText: DisplayFormat.missing, tone: "same", previousText: previous)
    }
}

/// Money as the page writes it, with the report's currency code when it has one
/// (`12 900.50 EUR`).
struct MoneyText {
    let currency: String?

    func text(cents: Int64) -> String {
        let amount = DisplayFormat.money(cents: cents)
        guard let currency else { return amount }
        return amount + "\u{00A0}" + currency
    }
}

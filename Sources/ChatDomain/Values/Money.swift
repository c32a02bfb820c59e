/// An exact amount of money in hundredths (cents, kopecks), never a binary float.
///
/// The event format carries money as a JSON string holding a decimal with at most two
/// fraction digits (`"1290.50"`, `"1290"`, `"-3.5"`); `Money(parsing:)` reads exactly that.
///
/// ```swift
/// let price = Money(parsing: "1290.5")   // 129050 cents
/// price?.description                     // "1290.50"
/// ```
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in hundredths of the currency unit.
    public var cents: Int64

    public init(cents: Int64) {
        self.cents = cents
    }

    public static let zero = Money(cents: 0)

    /// The largest amount an event may carry, and an order total or paid sum may reach:
    /// 999 999 999 999.99, what the `numeric(14, 2)` columns hold.
    ///
    /// Keeping every stored amount and every sum the rules compute within it leaves the report's
    /// sums of many orders far from `Int64`'s limit, so decimal arithmetic never traps.
    public static let maximum = Money(cents: 99_999_999_999_999)

    /// Parses a decimal with at most two fraction digits and an optional leading minus.
    ///
    /// - Returns: `nil` for anything else: exponents, a plus sign, more than two fraction
    ///   digits, empty parts (`"1."`, `".5"`), or a value beyond ±92 233 720 368 547 758.07.
    public init?(parsing text: some StringProtocol) {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        var whole: Int64 = 0
        var wholeDigits = 0
        while let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, o1) = whole.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            whole = plus
            wholeDigits += 1
            utf8 = utf8.dropFirst()
        }
        guard wholeDigits > 0 else { return nil }
        var fraction: Int64 = 0
        if utf8.first == UInt8(ascii: ".") {
            utf8 = utf8.dropFirst()
            var digits = 0
            while let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
                utf8 = utf8.dropFirst()
            }
            guard digits == 1 || digits == 2 else { return nil }
            if digits == 1 { fraction *= 10 }
        }
        guard utf8.isEmpty else { return nil }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: 100)
        let (total, o2) = scaled.addingReportingOverflow(fraction)
        if o1 || o2 { return nil }
        cents = negative ? -total : total
    }

    /// Always two fraction digits: `"1290.50"`, `"0.00"`, `"-0.05"`.
    public var description: String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        let sign = cents < 0 ? "-" : ""
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.cents += rhs.cents }

    /// `self + other`, checked against ``maximum``.
    ///
    /// ```swift
    /// Money.maximum.adding(Money(cents: 1))   // nil
    /// ```
    ///
    /// - Returns: `nil` when the exact sum lies beyond ±``maximum`` (or beyond `Int64`).
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = cents.addingReportingOverflow(other.cents)
        guard !overflow, sum.magnitude <= Self.maximum.cents.magnitude else { return nil }
        return Money(cents: sum)
    }

    /// `self × quantity`, for an order line, checked against ``maximum``.
    ///
    /// - Returns: `nil` when the exact product lies beyond ±``maximum`` (or beyond `Int64`).
    public func times(_ quantity: Int64) -> Money? {
        let (product, overflow) = cents.multipliedReportingOverflow(by: quantity)
        guard !overflow, product.magnitude <= Self.maximum.cents.magnitude else { return nil }
        return Money(cents: product)
    }

    /// `self ÷ divisor` rounded half away from zero to the cent (an average order value).
    ///
    /// - Returns: `nil` when `divisor` is zero (an average of nothing does not exist).
    public func divided(by divisor: Int64) -> Money? {
        guard divisor != 0 else { return nil }
        let negative = (cents < 0) != (divisor < 0)
        let numerator = cents.magnitude
        let denominator = divisor.magnitude
        var quotient = numerator / denominator
        if (numerator % denominator) * 2 >= denominator { quotient += 1 }
        return Money(cents: negative ? -Int64(quotient) : Int64(quotient))
    }
}

/// Names for the ids the report rows carry: a person reads "Telegram shop", not `ch1`.
///
/// An id without a known name reads as itself; `unassigned` reads "Unassigned"; a bot reads its
/// name and "(bot)".
struct PageNames {
    let channels: [String: String]
    let stores: [String: String]
    let responsibles: [String: String]

    init(metadata: ReportMetadata) {
        channels = metadata.channelNames
        stores = metadata.storeNames
        responsibles = metadata.responsibleNames
    }

    func channel(_ id: String) -> PageModel.Named { Self.named(id, channels[id]) }

    func store(_ id: String) -> PageModel.Named {
        id.isEmpty ? PageModel.Named(name: "no store", id: "", showsID: false) : Self.named(id, stores[id])
    }

    /// A responsible as the CSV files write it: a user's id, `bot:<id>` or `unassigned`.
    func responsible(_ id: String) -> PageModel.Named {
        if id == "unassigned" { return PageModel.Named(name: "Unassigned", id: id, showsID: false) }
        if id.hasPrefix("bot:") {
            let name = responsibles[id].flatMap { $0.isEmpty ? nil : $0 } ?? String(id.dropFirst(4))
            return PageModel.Named(name: name + " (bot)", id: id, showsID: true)
        }
        return Self.named(id, responsibles[id])
    }

    private static func named(_ id: String, _ name: String?) -> PageModel.Named {
        guard let name, !name.isEmpty, name != id else { return PageModel.Named(name: id, id: id, showsID: false) }
        return PageModel.Named(name: name, id: id, showsID: true)
    }
}

/// Comparison of names as people sort them: digit runs by value (`Agent 2` before `Agent 10`),
/// letters without regard to case; ties by code points, so the order is total and stable.
enum NaturalOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = key(lhs)
        let right = key(rhs)
        for (a, b) in zip(left, right) where a != b {
            switch (a, b) {
            case (.number(let x, let xDigits), .number(let y, let yDigits)):
                return x != y ? x < y : xDigits.count < yDigits.count
            case (.text(let x), .text(let y)):
                return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
        if left.count != right.count { return left.count < right.count }
        return lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
    }

    /// By names, then by ids when the names are equal.
    static func precedes(_ lhs: String, _ rhs: String, thenBy lhsID: String, _ rhsID: String) -> Bool {
        if lhs != rhs { return precedes(lhs, rhs) }
        return precedes(lhsID, rhsID)
    }

    private enum Part: Equatable {
        case text(String)
        /// The value (saturating) and the digits as written, so `007` and `7` still differ.
        case number(UInt64, String)
    }

    private static func key(_ text: String) -> [Part] {
        var parts: [Part] = []
        var run = ""
        var runIsDigits = false
        func flush() {
            guard !run.isEmpty else { return }
            if runIsDigits {
                var value: UInt64 = 0
                for digit in run.unicodeScalars {
                    let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                    value = overflow ? .max : product &+ UInt64(digit.value - 48)
                }
                parts.append(.number(value, run))
            } else {
                parts.append(.text(run.lowercased()))
            }
            run = ""
        }
        for scalar in text.unicodeScalars {
            let isDigit = scalar.value >= 48 && scalar.value <= 57
            if isDigit != runIsDigits { flush() }
            runIsDigits = isDigit
            run.unicodeScalars.append(scalar)
        }
        flush()
        return parts
    }
}

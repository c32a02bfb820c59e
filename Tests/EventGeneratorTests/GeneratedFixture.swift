import ChatDomain
import EventGenerator
import Foundation

/// One generated month shared by the tests (generated once per test process).
enum GeneratedFixture {
    static let configuration = GeneratorConfiguration(dialogs: 3000, seed: 2026)

    static let lines: [String] = Array(EventGenerator(configuration: configuration).lines)

    /// Every line parsed as a JSON object (an unparsable line becomes an empty object, which the
    /// schema tests reject).
    static func events() -> [[String: Any]] {
        lines.map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Microseconds since 1970 of an RFC 3339 instant with a numeric offset, or `nil`.
    static func micros(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard bytes.count >= 25, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if bytes[index] == 46 {
            var digits = 0
            index += 1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { fraction = fraction * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<6 where digits < 6 { fraction *= 10 }
        }
        guard bytes.count == index + 6, bytes[index] == 43 || bytes[index] == 45, bytes[index + 3] == 58,
            let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2)
        else { return nil }
        let sign: Int64 = bytes[index] == 43 ? 1 : -1
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds =
            days * 86_400 + hour * 3600 + minute * 60 + second - sign * (offsetHours * 3600 + offsetMinutes * 60)
        return seconds * 1_000_000 + fraction
    }

    /// The id inside an actor object: `("user", "u1")`, `("bot", "b1")`, `("system", "")`.
    static func actor(_ value: Any?) -> (kind: String, id: String)? {
        guard let object = value as? [String: Any], object.count == 1, let (key, inner) = object.first else {
            return nil
        }
        switch key {
        case "user", "bot":
            guard let id = inner as? String, !id.isEmpty else { return nil }
            return (key, id)
        case "system":
            return (inner as? Bool) == true ? ("system", "") : nil
        default:
            return nil
        }
    }
}

/// Durations as administrators type them: `90s`, `5m`, `1h30m`, `1h30m15s`, or plain seconds.
///
/// ```swift
/// DurationText.seconds("1h30m")   // 5400
/// DurationText.text(5400)          // "1h30m"
/// ```
public enum DurationText {
    /// Whole seconds, or `nil` when the text is not a duration.
    public static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces().lowercased()
        guard !trimmed.isEmpty else { return nil }
        if let plain = Int64(trimmed) { return plain >= 0 ? plain : nil }
        var total: Int64 = 0
        var digits = ""
        var lastUnitRank = 4
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            let (factor, rank): (Int64, Int) =
                switch character {
                case "h": (3600, 3)
                case "m": (60, 2)
                case "s": (1, 1)
                default: (0, 0)
                }
            // Units must come in order (h, m, s), each once, each after some digits.
            guard factor > 0, rank < lastUnitRank, let value = Int64(digits), value <= 1_000_000 else { return nil }
            total += value * factor
            digits = ""
            lastUnitRank = rank
        }
        return digits.isEmpty ? total : nil
    }

    /// The shortest spelling of whole seconds: `45s`, `1m30s`, `5m`, `1h30m`.
    public static func text(_ seconds: Int64) -> String {
        guard seconds > 0 else { return "\(seconds)s" }
        let hours = seconds / 3600
        let minutes = seconds % 3600 / 60
        let rest = seconds % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 { text += "\(rest)s" }
        return text
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

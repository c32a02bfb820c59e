/// Text from the data made safe to print on a terminal.
///
/// Ids and names come from the events: a carriage return, a tab or an escape sequence in them
/// would move the cursor or recolour the terminal, and bidi controls would reorder the line.
/// Those characters are written as Swift-style escapes instead (`\r`, `\t`, `\u{1B}`, `\u{202E}`).
///
/// ```swift
/// TerminalText.escaped("ch\r1")   // "ch\\r1"
/// ```
public enum TerminalText {
    /// `text` with control characters (C0, DEL, C1) and bidi controls escaped; a backslash is
    /// doubled so an escape in the output always means one character of the data.
    ///
    /// - Complexity: O(length of `text`).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            case "\n": output += "\\n"
            case _ where isControl(scalar):
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || isControl(scalar)
    }

    /// C0 controls, DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

/// Character counts for the length rules.
enum TextMeasure {
    /// Characters (grapheme clusters) that are not white space.
    ///
    /// - Complexity: O(1) when the text has at most `limit` UTF-8 bytes, else O(n).
    static func exceedsNonWhitespaceLimit(_ text: String, limit: Int) -> Bool {
        guard text.utf8.count > limit else { return false }
        var count = 0
        for character in text where !character.isWhitespace {
            count += 1
            if count > limit { return true }
        }
        return false
    }

    /// Characters (grapheme clusters), white space included.
    static func exceedsLimit(_ text: String, limit: Int) -> Bool {
        guard text.utf8.count > limit else { return false }
        return text.count > limit
    }
}

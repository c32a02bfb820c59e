extension String {
    /// The text right-aligned in `width` characters (spaces before it); as is when already wider.
    ///
    /// ```swift
    /// "42".leftPadded(5)   // "   42"
    /// ```
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

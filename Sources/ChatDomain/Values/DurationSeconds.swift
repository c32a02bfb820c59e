extension Duration {
    /// The duration in seconds, as a `Double` (for figures and metrics, not for arithmetic).
    ///
    /// ```swift
    /// Duration.milliseconds(1500).seconds   // 1.5
    /// ```
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

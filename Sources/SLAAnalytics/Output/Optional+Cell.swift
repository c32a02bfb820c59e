extension Optional where Wrapped: CustomStringConvertible {
    /// The CSV cell: the value's text, or an empty string where the figure does not exist.
    public var cell: String { self?.description ?? "" }
}

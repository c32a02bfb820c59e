/// A page model as nested dictionaries and arrays, reflected once before rendering.
///
/// swift-mustache looks a name up in a dictionary directly (`MustacheParent`); in a struct it
/// reflects the whole struct again for every name it looks up (`Mirror`, every field each time),
/// which was 23% of the CPU of a report at 100k dialogs. The boxed model holds the same values
/// under the same names, optionals unwrapped as swift-mustache's reflection unwraps them, so the
/// page renders to the same bytes.
enum ReflectedModel {
    /// `value` with every struct a `[String: Any]` of its stored properties and every array an
    /// `[Any]` of boxed elements; strings, numbers and booleans as they are; an optional as the
    /// value it holds, nil for none (a struct's field holding none is left out).
    ///
    /// Each value is reflected once: a field is boxed without a second `Mirror` to learn whether
    /// it is an optional (an optional reflects as one child, or none when empty).
    static func box(_ value: Any) -> Any { boxed(value) ?? value }

    /// The stored properties of a struct, by label, to be boxed one by one (``field(_:)``) and
    /// put together (``fields(_:)``): a page's fields are boxed on both cores.
    static func children(of value: Any) -> [(label: String, value: Any)] {
        Mirror(reflecting: value).children.compactMap { child in child.label.map { ($0, child.value) } }
    }

    /// One field as ``box(_:)`` boxes it inside its struct: nil for an optional holding none (the
    /// field is then left out).
    static func field(_ value: Any) -> Any? { boxed(value) }

    /// The boxed struct of boxed fields.
    static func fields(_ fields: [(label: String, value: Any?)]) -> Any {
        var boxed: [String: Any] = [:]
        boxed.reserveCapacity(fields.count)
        for field in fields {
            if let value = field.value { boxed[field.label] = value }
        }
        return boxed
    }

    /// ``box(_:)``'s value, nil for an optional holding none.
    private static func boxed(_ value: Any) -> Any? {
        // Leaves by their type's identity: a dynamic cast (`as? String`) of a struct or an array
        // looks its conformances up before failing, five times a value.
        let type = type(of: value)
        if type == String.self || type == Int.self || type == Bool.self || type == Double.self
            || type == Substring.self
        {
            return value
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let field = boxed(child.value) else { continue }
                fields[label] = field
            }
            return fields
        case .collection:
            return mirror.children.compactMap { boxed($0.value) }
        case .optional:
            return mirror.children.first.flatMap { boxed($0.value) }
        default:
            return value
        }
    }
}

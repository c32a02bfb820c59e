/// A page model as nested dictionaries and arrays, reflected once before rendering.
///
/// swift-mustache looks a name up in a dictionary directly (`MustacheParent`); in a struct it
/// reflects the whole struct again for every name it looks up (`Mirror`, every field each time),
/// which was 23% of the CPU of a report at 100k dialogs. The boxed model holds the same values
/// under the same names, optionals unwrapped as swift-mustache's reflection unwraps them, so the
/// page renders to the same bytes.
enum ReflectedModel {
    /// `value` with every struct a `[String: Any]` of its stored properties and every array an
    /// `[Any]` of boxed elements; strings, numbers and booleans as they are.
    static func box(_ value: Any) -> Any {
        switch value {
        case is String, is Substring, is Bool, is Int, is Double:
            return value
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let present = unwrapped(child.value) else { continue }
                fields[label] = box(present)
            }
            return fields
        case .collection:
            return mirror.children.map { box($0.value) }
        default:
            return value
        }
    }

    /// The value an optional holds, nil for none; any other value as it is.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

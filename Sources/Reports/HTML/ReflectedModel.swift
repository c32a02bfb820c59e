import Dispatch

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
    /// it is an optional (an optional reflects as one child, or none when empty). The fields of
    /// `value` itself are boxed at once (`concurrentPerform`): a day's page model at 1M dialogs
    /// took 25 ms on one thread.
    static func box(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .struct else { return boxed(value) ?? value }
        let children = Array(mirror.children)
        let values = Slots<Any>(count: children.count)
        for (index, child) in children.enumerated() { values.set(index, child.value) }
        let fields = Slots<Any?>(count: children.count)
        DispatchQueue.concurrentPerform(iterations: children.count) { index in
            fields.set(index, boxed(values.value(index)))
        }
        return structure(children.indices.map { (children[$0].label, fields.value($0)) })
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
            return structure(mirror.children.map { ($0.label, boxed($0.value)) })
        case .collection:
            return mirror.children.compactMap { boxed($0.value) }
        case .optional:
            return mirror.children.first.flatMap { boxed($0.value) }
        default:
            return value
        }
    }

    /// A struct's boxed fields by label; a field without a label or a value is left out.
    private static func structure(_ fields: [(label: String?, value: Any?)]) -> [String: Any] {
        var boxed: [String: Any] = [:]
        boxed.reserveCapacity(fields.count)
        for field in fields {
            if let label = field.label, let value = field.value { boxed[label] = value }
        }
        return boxed
    }
}

/// Values written by the tasks of one `concurrentPerform`, each to its own slot, and read once
/// it returned (which orders the writes before the reads). One allocation, never resized: the
/// tasks write disjoint slots of it and nothing else. (`SLAAnalytics`' `ReplayResults` does the
/// same for `Sendable` values behind a lock; these hold a page's `Any`.)
final class Slots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.baseAddress?.deinitialize(count: storage.count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }

    /// The value of slot `index` (it stays there: tasks may read it at once).
    func value(_ index: Int) -> Value {
        guard let value = storage[index] else { preconditionFailure("slot \(index) was not written") }
        return value
    }
}

/// Typed access to the members of one JSON object, with errors that name the field by its path.
struct EventFields {
    let members: [(key: String, value: JSONValue)]
    /// The path of this object, `""` for the event itself, `"delivery."` for a nested one.
    let prefix: String

    private func path(_ key: String) -> String { prefix + key }

    func raw(_ key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// A value that must be present and not `null`.
    func required(_ key: String) throws(Rejection) -> JSONValue {
        guard let value = raw(key) else { throw .invalidField(path(key), "is missing") }
        if case .null = value { throw .invalidField(path(key), "must not be null") }
        return value
    }

    func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> Rejection {
        .invalidField(path(key), "must be \(expected), not \(value.kindName)")
    }

    func string(_ key: String) throws(Rejection) -> String {
        let value = try required(key)
        guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
        return text
    }

    /// The longest id (in UTF-8 bytes): ids are keys of unique indexes, and PostgreSQL refuses an
    /// index entry past about 2700 bytes, which would make the batch holding it fail.
    static let maximumIdentifierBytes = 1000

    /// A string that must not be empty (ids, commands), at most ``maximumIdentifierBytes`` long,
    /// without U+0000.
    func identifier(_ key: String) throws(Rejection) -> String {
        let text = try string(key)
        try checkIdentifier(key, text)
        return text
    }

    private func checkIdentifier(_ key: String, _ text: String) throws(Rejection) {
        guard !text.isEmpty else { throw .invalidField(path(key), "must not be empty") }
        let length = text.utf8.count
        guard length <= Self.maximumIdentifierBytes else {
            throw .invalidField(path(key), "is \(length) bytes long; ids are at most \(Self.maximumIdentifierBytes)")
        }
        guard !text.utf8.contains(0) else {
            throw .invalidField(path(key), "holds the character U+0000, which cannot be stored")
        }
    }

    /// A string or `null`; an omitted member counts as `null`.
    func optionalString(_ key: String) throws(Rejection) -> String? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw wrongType(key, "a string or null", value)
        }
    }

    func optionalIdentifier(_ key: String) throws(Rejection) -> String? {
        guard let text = try optionalString(key) else { return nil }
        try checkIdentifier(key, text)
        return text
    }

    func bool(_ key: String) throws(Rejection) -> Bool {
        let value = try required(key)
        guard case .bool(let flag) = value else { throw wrongType(key, "true or false", value) }
        return flag
    }

    func optionalBool(_ key: String) throws(Rejection) -> Bool? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .null: return nil
        case .bool(let flag): return flag
        default: throw wrongType(key, "true, false or null", value)
        }
    }

    func integer(_ key: String) throws(Rejection) -> Int64 {
        try integer(key, value: try required(key))
    }

    func optionalInteger(_ key: String) throws(Rejection) -> Int64? {
        guard let value = raw(key) else { return nil }
        if case .null = value { return nil }
        return try integer(key, value: value)
    }

    private func integer(_ key: String, value: JSONValue) throws(Rejection) -> Int64 {
        guard case .number(let lexeme) = value else { throw wrongType(key, "an integer", value) }
        guard let number = Int64(lexeme) else {
            throw .invalidField(path(key), "\(lexeme) is not a whole number in range")
        }
        return number
    }

    /// A money string: a decimal with at most two fraction digits, never negative, at most
    /// ``Money/maximum`` (999999999999.99, what the `numeric(14, 2)` columns hold).
    func money(_ key: String) throws(Rejection) -> Money {
        let value = try required(key)
        guard case .string(let text) = value else {
            throw .invalidField(path(key), "must be a decimal string such as \"1290.50\", not \(value.kindName)")
        }
        guard let amount = Money(parsing: text) else {
            throw .invalidField(path(key), "\"\(text)\" is not a decimal with at most two fraction digits")
        }
        guard amount.cents >= 0 else { throw .invalidField(path(key), "\"\(text)\" must not be negative") }
        guard amount <= .maximum else {
            throw .invalidField(path(key), "\"\(text)\" is more than the largest amount, \(Money.maximum)")
        }
        return amount
    }

    func timestamp(_ key: String) throws(Rejection) -> Int64 {
        try timestamp(key, text: try string(key))
    }

    func optionalTimestamp(_ key: String) throws(Rejection) -> Int64? {
        guard let text = try optionalString(key) else { return nil }
        return try timestamp(key, text: text)
    }

    private func timestamp(_ key: String, text: String) throws(Rejection) -> Int64 {
        switch RFC3339.parse(text) {
        case .success(let micros): return micros
        case .failure(.noOffset): throw .invalidField(path(key), "\"\(text)\" has no time-zone offset")
        case .failure(.subMicrosecond):
            throw .invalidField(path(key), "\"\(text)\" is finer than a microsecond")
        case .failure(.malformed): throw .invalidField(path(key), "\"\(text)\" is not an RFC 3339 timestamp")
        case .failure(.outOfRange):
            throw .invalidField(path(key), "\"\(text)\" is outside the years 0001–9999 in UTC")
        }
    }

    func object(_ key: String) throws(Rejection) -> EventFields {
        let value = try required(key)
        guard case .object(let nested) = value else { throw wrongType(key, "an object", value) }
        return EventFields(members: nested, prefix: path(key) + ".")
    }

    func optionalObject(_ key: String) throws(Rejection) -> EventFields? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .null: return nil
        case .object(let nested): return EventFields(members: nested, prefix: path(key) + ".")
        default: throw wrongType(key, "an object or null", value)
        }
    }

    /// The elements of an array, each as an object with its indexed path (`items[0].`).
    func objects(_ key: String, optional: Bool) throws(Rejection) -> [EventFields] {
        guard let elements = try array(key, optional: optional) else { return [] }
        var result: [EventFields] = []
        result.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            guard case .object(let nested) = element else {
                throw .invalidField("\(path(key))[\(position)]", "must be an object, not \(element.kindName)")
            }
            result.append(EventFields(members: nested, prefix: "\(path(key))[\(position)]."))
        }
        return result
    }

    func strings(_ key: String, optional: Bool) throws(Rejection) -> [String]? {
        guard let elements = try array(key, optional: optional) else { return nil }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            guard case .string(let text) = element, !text.isEmpty else {
                throw .invalidField("\(path(key))[\(position)]", "must be a non-empty string")
            }
            try checkIdentifier("\(key)[\(position)]", text)
            result.append(text)
        }
        return result
    }

    private func array(_ key: String, optional: Bool) throws(Rejection) -> [JSONValue]? {
        guard let value = raw(key) else {
            if optional { return nil }
            throw .invalidField(path(key), "is missing")
        }
        switch value {
        case .array(let elements): return elements
        case .null where optional: return nil
        default: throw wrongType(key, optional ? "an array or null" : "an array", value)
        }
    }

    /// An actor object: `{"user": "u1"}`, `{"bot": "b1"}` or `{"system": true}`, limited to `allowed`.
    func actor(_ key: String, allowed: Set<SenderKind> = [.user, .bot, .system]) throws(Rejection) -> EventActor {
        let value = try required(key)
        guard let actor = Self.actor(from: value) else {
            throw .invalidField(path(key), #"must be {"user": "<id>"}, {"bot": "<id>"} or {"system": true}"#)
        }
        let kind: SenderKind =
            switch actor {
            case .user: .user
            case .bot: .bot
            case .system: .system
            }
        guard allowed.contains(kind) else {
            let names = ["user", "bot", "system"].filter { allowed.contains(SenderKind(rawValue: $0) ?? .customer) }
            throw .invalidField(path(key), "must be a \(names.joined(separator: " or ")), not a \(kind.rawValue)")
        }
        return actor
    }

    static func actor(from value: JSONValue) -> EventActor? {
        guard case .object(let members) = value, members.count == 1, let member = members.first else { return nil }
        switch (member.key, member.value) {
        case ("user", .string(let id)) where !id.isEmpty: return .user(UserID(id))
        case ("bot", .string(let id)) where !id.isEmpty: return .bot(BotID(id))
        case ("system", .bool(true)): return .system
        default: return nil
        }
    }

    /// A dialog's new responsible: a user or bot actor, or `null` for nobody.
    func responsible(_ key: String) throws(Rejection) -> Responsible {
        guard let value = raw(key) else { throw .invalidField(path(key), "is missing") }
        if case .null = value { return .none }
        switch Self.actor(from: value) {
        case .user(let id): return .user(id)
        case .bot(let id): return .bot(id)
        default: throw .invalidField(path(key), #"must be {"user": "<id>"}, {"bot": "<id>"} or null"#)
        }
    }

    /// A string naming one case of `T`.
    func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws(Rejection) -> T
    where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else {
            let known = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw .invalidField(path(key), "\"\(text)\" is not one of \(known)")
        }
        return value
    }
}

/// Renders quick-reply text: `{{ customer.name }}`, `{{ customer.email }}`, `{{ customer.phone }}`.
///
/// A placeholder whose value is unknown (a lead not linked to a customer, or an empty field)
/// renders as an empty string, so the customer never sees template syntax; placeholders with
/// other names are left as written.
///
/// ```swift
/// QuickReplyTemplate.render("Hi {{ customer.name }}!", customer: ann)   // "Hi Ann!"
/// ```
public enum QuickReplyTemplate {
    public static func render(_ template: String, customer: CustomerState?) -> String {
        guard template.contains("{{") else { return template }
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstRange(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            switch name {
            case "customer.name": output += customer?.name ?? ""
            case "customer.email": output += customer?.email ?? ""
            case "customer.phone": output += customer?.phone ?? ""
            default: output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}

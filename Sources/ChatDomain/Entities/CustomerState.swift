/// A customer. A merged customer keeps its row with `mergedInto` set to the survivor.
public struct CustomerState: Hashable, Sendable {
    public var id: CustomerID
    public var name: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var vip: Bool
    public var bad: Bool
    public var mergedInto: CustomerID?

    public init(
        id: CustomerID,
        name: String? = nil,
        phone: String? = nil,
        email: String? = nil,
        address: String? = nil,
        vip: Bool = false,
        bad: Bool = false,
        mergedInto: CustomerID? = nil
    ) {
        self.id = id
        self.name = name
        self.phone = phone
        self.email = email
        self.address = address
        self.vip = vip
        self.bad = bad
        self.mergedInto = mergedInto
    }
}

/// Delivery status of a message: `queued` → `sent` → `delivered` → `read`, or `failed`.
public enum DeliveryStatus: String, CaseIterable, Hashable, Sendable {
    case queued
    case sent
    case delivered
    case read
    case failed
}

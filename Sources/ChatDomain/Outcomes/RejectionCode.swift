/// Why an event was rejected: the error codes of §1 and §3.
public enum RejectionCode: String, CaseIterable, Hashable, Sendable {
    case noChatAccess = "no_chat_access"
    case notVisible = "not_visible"
    case notAllowedToReassign = "not_allowed_to_reassign"
    case dialogReassigned = "dialog_reassigned"
    case cannotInitiate = "cannot_initiate"
    case messageTooLong = "message_too_long"
    case attachmentsTooLarge = "attachments_too_large"
    case invalidTimeLimit = "invalid_time_limit"
    /// **[ext]** A `settings.business_hours` schedule that breaks §1 (the message names the field).
    case invalidBusinessHours = "invalid_business_hours"
    case notChatAdmin = "not_chat_admin"
    case quickReplyTooLong = "quick_reply_too_long"
    case duplicateOffer = "duplicate_offer"
    case storeMappingIncomplete = "store_mapping_incomplete"
    /// Malformed input, and references to entities that do not exist (the message names the field).
    case invalidEvent = "invalid_event"
    case conflictingDuplicate = "conflicting_duplicate"
    /// An event stamped more than the allowed margin (24 h by default) after the instant it was
    /// ingested: a sender with a wrong clock must not move the domain's time ahead.
    case inFuture = "in_future"
}

import ChatStore
import Foundation
import Testing

/// One test per rule code of SPEC §1 and §3, through the real server: the accepted case stores
/// rows, the rejected case stores a `rejected_events` row with the code and changes nothing else.
@Suite(.serialized)
struct IngestRuleTests {
    /// Ingests `lines`, expects exactly the last one rejected with `code`, and checks its table row.
    private func expectLastRejected(
        _ fixture: IngestFixture,
        _ lines: [String],
        code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try fixture.ingest(lines)
        #expect(
            result.summary.rejected == 1,
            "\(result.rejected.map { "\($0.code): \($0.message)" })",
            sourceLocation: sourceLocation
        )
        #expect(result.rejected.map(\.code) == [code], sourceLocation: sourceLocation)
        let last = try #require(lines.last)
        let stored = try fixture.rows("SELECT code, stage, raw_line FROM rejected_events ORDER BY seq")
        #expect(stored.count == 1, sourceLocation: sourceLocation)
        #expect(stored.first?.hasPrefix("\(code)|") == true, sourceLocation: sourceLocation)
        #expect(stored.first?.hasSuffix("|\(last)") == true, sourceLocation: sourceLocation)
    }

    @Test func userWithoutChatAccessCannotWriteButOneWithAccessCan() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        try expectLastRejected(fixture, [fixture.sent(message: "m2", by: "noacc")], code: "no_chat_access")
        #expect(try fixture.count("SELECT 1 FROM messages WHERE message_id = 'm2'") == 0)
        let accepted = try fixture.ingest([fixture.sent(message: "m3", by: "m1")])
        #expect(accepted.summary.accepted == 1)
        #expect(try fixture.rows("SELECT sender_kind, status FROM messages WHERE message_id = 'm3'") == ["user|queued"])
    }

    @Test func theWatermarkTotalsKeptByTheIngesterEqualAScanOfIngestedEvents() throws {
        let fixture = try IngestFixture()
        // Accepted, refused by the rules, a duplicate and an undecodable line, over two runs
        // with small batches: the totals grow batch by batch in each batch's transaction.
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")], batchSize: 3)
        let refused = fixture.sent(message: "m2", by: "noacc")
        try fixture.ingest([refused, refused, "not json", fixture.sent(message: "m3", by: "m1")], batchSize: 2)
        let kept = try fixture.rows("SELECT accepted_events, refused_events, last_seq FROM ingest_state")
        let scanned = try fixture.rows(
            """
            SELECT count(*) FILTER (WHERE accepted), count(*) FILTER (WHERE NOT accepted),
                   (SELECT max(seq) FROM (SELECT seq FROM ingested_events UNION ALL SELECT seq FROM rejected_events) s)
            FROM ingested_events
            """
        )
        #expect(kept == scanned)
        // The clock is the latest instant of an accepted event: m3's.
        #expect(
            try fixture.rows(
                "SELECT clock_at = (SELECT created_at FROM messages WHERE message_id = 'm3') FROM ingest_state"
            ) == ["t"]
        )
        #expect(try fixture.count("SELECT 1 FROM ingested_events WHERE NOT accepted") == 1)
    }

    @Test func inactiveUserHasNoChatAccess() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        try expectLastRejected(fixture, [fixture.sent(message: "m2", by: "inact")], code: "no_chat_access")
    }

    @Test func managerSeesOnlyItsOwnAndUnassignedDialogs() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1"), fixture.assigned(to: "m1", by: "adm")])
        try expectLastRejected(fixture, [fixture.sent(message: "m2", by: "m2")], code: "not_visible")
        #expect(try fixture.ingest([fixture.sent(message: "m3", by: "m1")]).summary.accepted == 1)
        #expect(try fixture.ingest([fixture.sent(message: "m4", by: "chadm")]).summary.accepted == 1)
        #expect(try fixture.count("SELECT 1 FROM messages WHERE sender_kind = 'user'") == 2)
    }

    @Test func onlyAdminsAndTheResponsibleMayReassign() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1"), fixture.assigned(to: "m1", by: "adm")])
        try expectLastRejected(fixture, [fixture.assigned(to: "m2", by: "m2")], code: "not_allowed_to_reassign")
        #expect(try fixture.ingest([fixture.assigned(to: "m2", by: "m1")]).summary.accepted == 1)
        let history = try fixture.rows(
            """
            SELECT coalesce(f.user_id, '-'), t.user_id, b.user_id, a.reason FROM assignments a
            LEFT JOIN users f ON f.user_key = a.from_user_key JOIN users t ON t.user_key = a.to_user_key
            JOIN users b ON b.user_key = a.by_user_key ORDER BY a.seq
            """
        )
        #expect(history == ["-|m1|adm|manual", "m1|m2|m1|manual"])
        #expect(
            try fixture.rows("SELECT u.user_id FROM dialogs d JOIN users u ON u.user_key = d.responsible_user_key")
                == ["m2"]
        )
    }

    @Test func previousResponsibleCannotWriteAfterReassignment() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(
            fixture.setup() + [
                fixture.received(message: "m1"), fixture.assigned(to: "m1", by: "adm"),
                fixture.assigned(to: "m2", by: "adm"),
            ]
        )
        // A restart in between: the former responsible comes back from dialogs.former_responsible_user_keys.
        try expectLastRejected(fixture, [fixture.sent(message: "m2", by: "m1")], code: "dialog_reassigned")
        #expect(try fixture.ingest([fixture.sent(message: "m3", by: "m2")]).summary.accepted == 1)
    }

    @Test func dialogCannotBeInitiatedByAManager() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        try expectLastRejected(fixture, [fixture.sent("d9", message: "m1", by: "m1")], code: "cannot_initiate")
        #expect(try fixture.count("SELECT 1 FROM dialogs") == 0)
        #expect(try fixture.ingest([fixture.received("d9", message: "m2")]).summary.accepted == 1)
        #expect(try fixture.ingest([fixture.sent("d9", message: "m3", by: "m1")]).summary.accepted == 1)
        #expect(try fixture.rows("SELECT status, unread_count FROM dialogs") == ["open|0"])
    }

    @Test func outgoingTextIsLimitedTo2000CharactersNotCountingSpaces() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        let long = String(repeating: "a", count: 2001)
        try expectLastRejected(fixture, [fixture.sent(message: "m2", by: "m1", text: long)], code: "message_too_long")
        let fits = String(repeating: "a ", count: 2000)
        #expect(try fixture.ingest([fixture.sent(message: "m3", by: "m1", text: fits)]).summary.accepted == 1)
        #expect(try fixture.value("SELECT length(text) FROM messages WHERE message_id = 'm3'") == "4000")
    }

    @Test func attachmentsOfOneMessageAreLimitedTo20MB() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        let tooLarge =
            #"[{"name":"a.pdf","size":20971520,"mime":"application/pdf"},{"name":"b","size":1,"mime":"text/plain"}]"#
        try expectLastRejected(
            fixture,
            [fixture.sent(message: "m2", by: "m1", attachments: tooLarge)],
            code: "attachments_too_large"
        )
        let fits = #"[{"name":"a.pdf","size":20971520,"mime":"application/pdf"}]"#
        #expect(try fixture.ingest([fixture.sent(message: "m3", by: "m1", attachments: fits)]).summary.accepted == 1)
        #expect(try fixture.rows("SELECT name, size_bytes FROM message_attachments") == ["a.pdf|20971520"])
    }

    @Test func timeLimitsAreMultiplesOf30WithWarningBelowProcessing() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        try expectLastRejected(
            fixture,
            [
                fixture.event(
                    "settings.time_limits",
                    #""by":{"user":"adm"},"channel":"ch1","warning_s":60,"processing_s":45"#
                )
            ],
            code: "invalid_time_limit"
        )
        #expect(
            try fixture.ingest([
                fixture.event(
                    "settings.time_limits",
                    #""by":{"user":"adm"},"channel":"ch1","warning_s":null,"processing_s":90"#
                )
            ]).summary.accepted == 1
        )
        #expect(
            try fixture.rows(
                "SELECT c.channel_id, coalesce(t.warning_s::text, '-'), t.processing_s FROM time_limit_settings t JOIN channels c USING (channel_key)"
            ) == ["ch1|-|90"]
        )
    }

    @Test func onlyChatAdminsChangeSettings() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        try expectLastRejected(
            fixture,
            [
                fixture.event(
                    "settings.time_limits",
                    #""by":{"user":"m1"},"channel":null,"warning_s":null,"processing_s":300"#
                )
            ],
            code: "not_chat_admin"
        )
        #expect(
            try fixture.ingest([
                fixture.event(
                    "settings.time_limits",
                    #""by":{"user":"chadm"},"channel":null,"warning_s":null,"processing_s":300"#
                )
            ]).summary.accepted == 1
        )
        #expect(try fixture.count("SELECT 1 FROM time_limit_settings") == 2)
    }

    @Test func quickRepliesAreCreatedByChatAdminsWithAtMost2000Characters() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        let tooLong = String(repeating: "x", count: 2001)
        try expectLastRejected(
            fixture,
            [
                fixture.event(
                    "quick_reply.upserted",
                    #""quick_reply":"q1","by":{"user":"chadm"},"command":"/hi","text":"\#(tooLong)","category":null"#
                )
            ],
            code: "quick_reply_too_long"
        )
        let byManager = fixture.event(
            "quick_reply.upserted",
            #""quick_reply":"q1","by":{"user":"m1"},"command":"/hi","text":"Hi","category":null"#
        )
        let result = try fixture.ingest([byManager])
        #expect(result.rejected.map(\.code) == ["not_chat_admin"])
        #expect(
            try fixture.ingest([
                fixture.event(
                    "quick_reply.upserted",
                    #""quick_reply":"q1","by":{"user":"chadm"},"command":"/hi","text":"Hi {{ customer.name }}","category":"greeting""#
                )
            ]).summary.accepted == 1
        )
        #expect(try fixture.rows("SELECT command, text FROM quick_replies") == ["/hi|Hi {{ customer.name }}"])
    }

    @Test func chatOrdersTakeTheChannelStoreAndRejectDuplicateOffers() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        let twice = #"[{"offer":"sku1","quantity":1,"price":"10.00"},{"offer":"sku1","quantity":2,"price":"10.00"}]"#
        try expectLastRejected(
            fixture,
            [
                fixture.event(
                    "order.created",
                    #""order":"o1","number":"1","dialog":"d1","customer":null,"by":{"user":"m1"},"items":\#(twice),"delivery":null"#
                )
            ],
            code: "duplicate_offer"
        )
        let items = #"[{"offer":"sku1","quantity":2,"price":"10.50"},{"offer":"sku2","quantity":1,"price":"1"}]"#
        let accepted = try fixture.ingest([
            fixture.event(
                "order.created",
                #""order":"o2","number":"2","dialog":"d1","customer":null,"by":{"user":"m1"},"items":\#(items),"delivery":{"type":"post","cost":"5.00"}"#
            ),
            fixture.event(
                "order.created",
                #""order":"o3","number":"3","dialog":null,"customer":"c1","by":{"user":"m1"},"items":\#(items),"delivery":null"#
            ),
        ])
        #expect(accepted.summary.accepted == 2)
        #expect(
            try fixture.rows(
                "SELECT o.order_id, coalesce(s.store_id, '-'), o.total FROM orders o LEFT JOIN stores s USING (store_key) ORDER BY 1"
            ) == ["o2|s1|27.00", "o3|-|22.00"]
        )
        #expect(try fixture.count("SELECT 1 FROM order_items") == 4)
    }

    /// SPEC §1 (issue 15): an order naming a customer not known yet is accepted, not rejected;
    /// the customer row holds its id alone until a later `customer.upserted` fills it in, and a
    /// merge moves the order like any other. A re-run of the ingester (state restored from the
    /// tables) knows the inferred customer.
    @Test func anOrderNamingAnUnknownCustomerStoresItWithItsIdAlone() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        let items = #"[{"offer":"sku1","quantity":1,"price":"10.00"}]"#
        let first = try fixture.ingest([
            fixture.event(
                "order.created",
                #""order":"o1","number":"1","dialog":"d1","customer":"c9","by":{"user":"m1"},"items":\#(items),"delivery":null"#
            )
        ])
        #expect(first.summary.accepted == 1)
        #expect(first.summary.rejected == 0)
        #expect(
            try fixture.rows(
                """
                SELECT c.customer_id, coalesce(c.name, '-'), o.order_id, o.total
                FROM orders o JOIN customers c USING (customer_key)
                """
            ) == ["c9|-|o1|10.00"]
        )
        let later = try fixture.ingest([
            fixture.event(
                "customer.upserted",
                #""customer":"c9","name":"Nina","phone":null,"email":null,"address":null,"vip":true,"bad":false"#
            ),
            fixture.event("customer.merged", #""by":{"user":"adm"},"customer":"c9","into":"c1""#),
        ])
        #expect(later.summary.accepted == 2)
        #expect(
            try fixture.rows(
                """
                SELECT c.customer_id, c.name, c.vip, m.customer_id
                FROM customers c JOIN customers m ON m.customer_key = c.merged_into
                """
            ) == ["c9|Nina|t|c1"]
        )
        #expect(
            try fixture.rows("SELECT c.customer_id FROM orders o JOIN customers c USING (customer_key)") == ["c1"]
        )
        #expect(try fixture.integrityViolations().isEmpty)
    }

    /// Beyond the columns' range (`numeric(14, 2)` money, `integer` quantities and durations),
    /// an event is rejected `invalid_event`/`invalid_time_limit` naming the field, and the batch
    /// around it commits; at the largest values the rows are stored.
    @Test func valuesBeyondTheColumnsAreRejectedAndTheLargestOnesStored() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup() + [fixture.received(message: "m1")])
        let largest = #"[{"offer":"sku1","quantity":1,"price":"999999999999.99"}]"#
        try expectLastRejected(
            fixture,
            [
                fixture.event(
                    "order.created",
                    #""order":"o1","number":"1","dialog":"d1","customer":null,"by":{"user":"m1"},"items":\#(largest),"delivery":{"type":"post","cost":"0.01"}"#
                )
            ],
            code: "invalid_event"
        )
        #expect(try fixture.value("SELECT message FROM rejected_events")?.hasPrefix(#"field "items[0]": "#) == true)
        let result = try fixture.ingest([
            fixture.event(
                "settings.time_limits",
                #""by":{"user":"adm"},"channel":null,"warning_s":null,"processing_s":2147483670"#
            ),
            fixture.event("settings.chats", #""by":{"user":"adm"},"auto_close_assigned_s":2147483648"#),
            fixture.event(
                "order.created",
                #""order":"o2","number":"2","dialog":"d1","customer":null,"by":{"user":"m1"},"items":[{"offer":"sku1","quantity":2147483647,"price":"0.01"}],"delivery":null"#
            ),
            fixture.event(
                "order.created",
                #""order":"o3","number":"3","dialog":"d1","customer":null,"by":{"user":"m1"},"items":\#(largest),"delivery":null"#
            ),
            fixture.event(
                "settings.time_limits",
                #""by":{"user":"adm"},"channel":null,"warning_s":null,"processing_s":2147483640"#
            ),
            fixture.event("settings.chats", #""by":{"user":"adm"},"auto_close_assigned_s":2147483647"#),
        ])
        #expect(result.summary.accepted == 4)
        #expect(result.rejected.map(\.code) == ["invalid_time_limit", "invalid_event"])
        #expect(result.rejected.last?.message.hasPrefix(#"field "auto_close_assigned_s": "#) == true)
        #expect(
            try fixture.rows("SELECT order_id, total FROM orders ORDER BY 1") == [
                "o2|21474836.47", "o3|999999999999.99",
            ]
        )
        #expect(try fixture.value("SELECT max(processing_s) FROM time_limit_settings") == "2147483640")
        #expect(try fixture.value("SELECT max(auto_close_assigned_s) FROM chat_settings") == "2147483647")
    }

    /// A send to a contact that blocked the bot is stored failed for good: a `message.status`
    /// for it in a later run (the message is restored from the tables) is `invalid_event`.
    @Test func statusOfASendStoredBlockedIsRejectedAfterARestore() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(
            fixture.setup() + [
                fixture.received(message: "m1"), fixture.event("contact.blocked_bot", #""dialog":"d1""#),
                fixture.sent(message: "m2", by: "m1"), fixture.sent(message: "m3", by: "m1"),
            ]
        )
        try expectLastRejected(
            fixture,
            [fixture.event("message.status", #""message":"m2","status":"delivered","error":null"#)],
            code: "invalid_event"
        )
        #expect(
            try fixture.rows(
                "SELECT message_id, status, failure_reason FROM messages WHERE sender_kind = 'user' ORDER BY 1"
            )
                == ["m2|failed|bot_blocked", "m3|failed|bot_blocked"]
        )
        #expect(try fixture.count("SELECT 1 FROM message_statuses") == 0)
    }

    @Test func settingsNeedEveryChannelMappedToAStore() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(
            fixture.setup() + [
                fixture.event("channel.upserted", #""channel":"ch2","name":"Site","kind":"livechat","store":null"#)
            ]
        )
        let patch = #""by":{"user":"adm"},"auto_close_assigned_s":3600"#
        try expectLastRejected(fixture, [fixture.event("settings.chats", patch)], code: "store_mapping_incomplete")
        let result = try fixture.ingest([
            fixture.event("channel.upserted", #""channel":"ch2","name":"Site","kind":"livechat","store":"s1""#),
            fixture.event("settings.chats", patch),
        ])
        #expect(result.summary.accepted == 2)
        #expect(
            try fixture.rows("SELECT auto_close_assigned_s, clock_start FROM chat_settings") == [
                "3600|last_customer_message"
            ]
        )
    }

    @Test func malformedEventsAreRejectedAsInvalid() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        try expectLastRejected(fixture, [fixture.event("message.teleported", #""dialog":"d1""#)], code: "invalid_event")
        #expect(try fixture.value("SELECT stage FROM rejected_events") == "decode")
        #expect(try fixture.ingest([fixture.received(message: "m1")]).summary.accepted == 1)
    }

    @Test func aStringHoldingNulIsRejectedInsteadOfBlockingTheBatch() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        try expectLastRejected(
            fixture,
            [fixture.event("store.upserted", #""store":"s2","name":"a\u0000b""#)],
            code: "invalid_event"
        )
        // An escaped backslash followed by u0000 is ordinary text.
        #expect(
            try fixture.ingest([fixture.event("store.upserted", #""store":"s3","name":"a\\u0000b""#)]).summary.accepted
                == 1
        )
        #expect(try fixture.value("SELECT name FROM stores WHERE store_id = 's3'") == #"a\u0000b"#)
    }

    @Test func sameIdWithOtherContentIsAConflictAndSameContentADuplicate() throws {
        let fixture = try IngestFixture()
        let setup = fixture.setup()
        try fixture.ingest(setup)
        let first = try #require(setup.first)
        let conflicting = first.replacingOccurrences(of: "Main", with: "Other")
        try expectLastRejected(fixture, [conflicting], code: "conflicting_duplicate")
        #expect(try fixture.value("SELECT stage FROM rejected_events") == "ledger")
        // Re-sending the same content (even with other spacing) is a harmless duplicate.
        let respaced = first.replacingOccurrences(of: ",", with: ", ")
        let again = try fixture.ingest([first, respaced, conflicting])
        #expect(again.summary.duplicates == 2)
        #expect(again.summary.rejected == 1)
        #expect(try fixture.count("SELECT 1 FROM rejected_events") == 1)
        #expect(try fixture.value("SELECT name FROM stores") == "Main")
    }
}

import ChatStore
import Testing

/// `settings.business_hours` **[ext]** through the real ingestion pipeline: what is stored, and
/// every rule of SPEC §1 rejected with its code and the field it names.
@Suite struct BusinessHoursIngestTests {
    static let week = #""week":{"mon":[["09:00","13:00"],["13:00","18:00"]],"sat":[["20:00","24:00"]]}"#

    @Test func acceptedSchedulesAreKeptAsAHistoryWithTheirInstants() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        let result = try fixture.ingest([
            fixture.event(
                "settings.business_hours",
                #""by":{"user":"adm"},"channel":null,"hours":{"tz":"Europe/Kyiv","#
                    + Self.week + #","holidays":["2026-12-25","2026-01-07","2026-12-25"]}"#
            ),
            fixture.event("settings.business_hours", #""by":{"user":"chadm"},"channel":"ch1","hours":null"#),
        ])
        #expect(result.summary.accepted == 2)
        #expect(result.rejected.isEmpty)
        #expect(
            try fixture.rows(
                """
                SELECT coalesce(c.channel_id, '(default)'), coalesce(b.tz, 'null'), coalesce(b.week::text, 'null'),
                       coalesce(b.holidays::text, 'null'), to_char(b.effective_at AT TIME ZONE 'UTC', 'HH24:MI:SS'),
                       u.user_id
                FROM business_hours_settings b LEFT JOIN channels c USING (channel_key)
                JOIN users u ON u.user_key = b.set_by_user_key ORDER BY b.seq
                """
            ) == [
                #"(default)|Europe/Kyiv|{"mon": [["09:00", "13:00"], ["13:00", "18:00"]], "sat": [["20:00", "24:00"]]}|"#
                    + "{2026-01-07,2026-12-25}|10:00:12|adm",
                "ch1|null|null|null|10:00:13|chadm",
            ]
        )
    }

    /// Each broken rule: the event, the code and the field its message names.
    static let invalid: [(hours: String, code: String, field: String)] = [
        (#"{"tz":"Mars/Olympus","week":{},"holidays":[]}"#, "invalid_business_hours", "hours.tz"),
        (#"{"tz":"GMT+3","week":{},"holidays":[]}"#, "invalid_business_hours", "hours.tz"),
        (
            #"{"tz":"UTC","week":{"mon":[["9:00","18:00"]]},"holidays":[]}"#, "invalid_business_hours",
            "hours.week.mon[0]"
        ),
        (
            #"{"tz":"UTC","week":{"mon":[["18:00","09:00"]]},"holidays":[]}"#, "invalid_business_hours",
            "hours.week.mon[0]"
        ),
        (
            #"{"tz":"UTC","week":{"tue":[["09:00","24:30"]]},"holidays":[]}"#, "invalid_business_hours",
            "hours.week.tue[0]"
        ),
        (
            #"{"tz":"UTC","week":{"tue":[["24:00","24:00"]]},"holidays":[]}"#, "invalid_business_hours",
            "hours.week.tue[0]"
        ),
        (
            #"{"tz":"UTC","week":{"wed":[["12:00","18:00"],["09:00","13:00"]]},"holidays":[]}"#,
            "invalid_business_hours", "hours.week.wed[1]"
        ),
        (#"{"tz":"UTC","week":{"thu":[["09:00"]]},"holidays":[]}"#, "invalid_business_hours", "hours.week.thu[0]"),
        (#"{"tz":"UTC","week":{"monday":[]},"holidays":[]}"#, "invalid_business_hours", "hours.week.monday"),
        (#"{"tz":"UTC","week":{},"holidays":["2026-02-30"]}"#, "invalid_business_hours", "hours.holidays[0]"),
        (
            #"{"tz":"UTC","week":{},"holidays":["2026-01-01","26-12-25"]}"#, "invalid_business_hours",
            "hours.holidays[1]"
        ),
        (#"{"week":{},"holidays":[]}"#, "invalid_event", "hours.tz"),
        (#"{"tz":"UTC","holidays":[]}"#, "invalid_event", "hours.week"),
        (#"{"tz":"UTC","week":{}}"#, "invalid_event", "hours.holidays"),
        (#"{"tz":"UTC","week":[],"holidays":[]}"#, "invalid_event", "hours.week"),
        (#""nine to five""#, "invalid_event", "hours"),
    ]

    @Test(arguments: invalid.indices)
    func invalidScheduleIsRejectedWithItsCodeAndField(index: Int) throws {
        let (hours, code, field) = Self.invalid[index]
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        let result = try fixture.ingest([
            fixture.event("settings.business_hours", #""by":{"user":"adm"},"channel":"ch1","hours":"# + hours)
        ])
        #expect(result.rejected.map(\.code) == [code], "\(hours)")
        #expect(result.rejected.first?.message.contains("\"\(field)\"") == true, "\(result.rejected.map(\.message))")
        #expect(try fixture.rows("SELECT code FROM rejected_events") == [code])
        #expect(try fixture.count("SELECT 1 FROM business_hours_settings") == 0)
    }

    @Test func missingHoursIsAnInvalidEventNamingIt() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        let result = try fixture.ingest([
            fixture.event("settings.business_hours", #""by":{"user":"adm"},"channel":null"#)
        ])
        #expect(result.rejected.map(\.code) == ["invalid_event"])
        #expect(result.rejected.first?.message.hasPrefix(#"field "hours": is missing"#) == true)
    }

    @Test func onlyAdminsAndChatAdminsSetBusinessHoursOfKnownChannels() throws {
        let fixture = try IngestFixture()
        try fixture.ingest(fixture.setup())
        let valid = #"{"tz":"UTC","week":{"mon":[["09:00","18:00"]]},"holidays":[]}"#
        // The rights come first, even before the content is checked.
        let result = try fixture.ingest([
            fixture.event("settings.business_hours", #""by":{"user":"m1"},"channel":null,"hours":"# + valid),
            fixture.event(
                "settings.business_hours",
                #""by":{"user":"m1"},"channel":null,"hours":{"tz":"Nowhere","week":{},"holidays":[]}"#
            ),
            fixture.event("settings.business_hours", #""by":{"bot":"b1"},"channel":null,"hours":null"#),
            fixture.event("settings.business_hours", #""by":{"user":"adm"},"channel":"nope","hours":"# + valid),
        ])
        #expect(result.rejected.map(\.code) == ["not_chat_admin", "not_chat_admin", "not_chat_admin", "invalid_event"])
        #expect(result.rejected.last?.message.contains(#""channel""#) == true)
        #expect(try fixture.count("SELECT 1 FROM business_hours_settings") == 0)
    }
}

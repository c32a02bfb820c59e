-- Business hours [ext] per channel (channel_key NULL: the default for all), as a history like
-- time limits. tz, week and holidays are all NULL for `hours: null` (round the clock from then on;
-- for a channel, whatever the default says).
-- week: {"mon": [["09:00", "18:00"], …], …}, each day's intervals sorted and not overlapping,
-- days without working time left out; holidays: local dates in tz, whole days off.
CREATE TABLE business_hours_settings (
    seq             bigint PRIMARY KEY,
    effective_at    timestamptz NOT NULL,
    channel_key     integer REFERENCES channels,
    set_by_user_key integer REFERENCES users,
    tz              text,
    week            jsonb,
    holidays        date[],
    CHECK ((tz IS NULL) = (week IS NULL) AND (tz IS NULL) = (holidays IS NULL))
);
CREATE INDEX business_hours_settings_lookup ON business_hours_settings (channel_key, effective_at, seq);

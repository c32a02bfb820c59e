-- The business-hours history [ext] up to as_of (channel_key NULL: the default for all channels;
-- tz NULL: round the clock). Holidays as YYYY-MM-DD separated by commas.
SELECT channel_key, tz, week::text, array_to_string(holidays, ','),
       (extract(epoch FROM effective_at) * 1000000)::bigint, seq
FROM business_hours_settings
WHERE effective_at <= current_setting('chatsla.as_of')::timestamptz
ORDER BY effective_at, seq

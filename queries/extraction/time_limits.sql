-- The time-limit history up to as_of (channel_key NULL: the default for all channels).
SELECT channel_key, warning_s, processing_s, (extract(epoch FROM effective_at) * 1000000)::bigint, seq
FROM time_limit_settings
WHERE effective_at <= current_setting('chatsla.as_of')::timestamptz
ORDER BY effective_at, seq

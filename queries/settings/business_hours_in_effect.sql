-- The business hours [ext] in effect at $1 (timestamptz): the latest setting of each channel and
-- of the default (channel_id NULL), with when it took effect and who set it; tz NULL = round the
-- clock. Holidays as YYYY-MM-DD separated by commas.
SELECT DISTINCT ON (s.channel_key)
       c.channel_id, s.tz, s.week::text, array_to_string(s.holidays, ','),
       (extract(epoch FROM s.effective_at) * 1000000)::bigint AS effective_at_us,
       u.user_id AS set_by
FROM business_hours_settings s
LEFT JOIN channels c ON c.channel_key = s.channel_key
LEFT JOIN users u ON u.user_key = s.set_by_user_key
WHERE s.effective_at <= $1::timestamptz
ORDER BY s.channel_key NULLS FIRST, s.effective_at DESC, s.seq DESC

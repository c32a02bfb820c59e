-- The whole time-limit history in ingestion order (for checks that it is unchanged).
SELECT s.seq, c.channel_id, s.warning_s, s.processing_s,
       (extract(epoch FROM s.effective_at) * 1000000)::bigint AS effective_at_us, u.user_id AS set_by
FROM time_limit_settings s
LEFT JOIN channels c ON c.channel_key = s.channel_key
LEFT JOIN users u ON u.user_key = s.set_by_user_key
ORDER BY s.seq

-- Channels known at $1 (timestamptz), by source id.
SELECT channel_id, name
FROM channels
WHERE created_at <= $1::timestamptz
ORDER BY channel_id COLLATE "C"

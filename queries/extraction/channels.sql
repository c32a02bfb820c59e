-- Channels known by as_of, with their store (NULL when not yet mapped).
SELECT channel_key, channel_id, name, store_key
FROM channels
WHERE created_at <= current_setting('chatsla.as_of')::timestamptz
ORDER BY channel_key

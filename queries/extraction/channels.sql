-- Channels known by as_of, with their name and store as of as_of (NULL when not yet mapped):
-- SPEC §2, a channel moved to another store after as_of appears as it was then.
SELECT DISTINCT ON (v.channel_key) v.channel_key, c.channel_id, v.name, v.store_key
FROM channel_versions v
JOIN channels c ON c.channel_key = v.channel_key
WHERE v.effective_at <= current_setting('chatsla.as_of')::timestamptz
ORDER BY v.channel_key, v.effective_at DESC, v.seq DESC

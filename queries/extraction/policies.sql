-- The SLA policies (clock start, whether bot replies stop the clock) from each chat-settings version.
SELECT clock_start, bot_replies_stop_clock, (extract(epoch FROM effective_at) * 1000000)::bigint, seq
FROM chat_settings
WHERE effective_at <= current_setting('chatsla.as_of')::timestamptz
ORDER BY effective_at, seq

-- dialog_facts.sql for one period: the same columns and codes, in no particular order (the client
-- groups them by dialog), for only the customer dialogs that can change a figure of the period
-- [chatsla.period_start, chatsla.period_end) (both instants, the period's local dates resolved in
-- its time zone), each with its whole history up to as_of, as dialog_facts.sql reads it.
--
-- Which dialogs: those of the temporary view period_dialogs (period_dialogs.sql, defined on the
-- session first), customer dialogs alone.
--
-- Cost: the dialogs are found by index (period_dialogs.sql), their facts then read through the
-- by-dialog indexes, and failed statuses through the partial index message_statuses_failed.
-- A period that starts at or before the first stored message reads dialog_facts.sql instead
-- (every dialog is chosen; hash joins over whole tables are then cheaper than look-ups).
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker
),
-- Each chosen dialog and its facts are looked up by key (LATERAL … OFFSET 0 keeps the planner from
-- turning the look-ups into hash joins over whole tables, which its generic estimates for the
-- settings-bound instants would otherwise pick).
chosen AS MATERIALIZED (
    SELECT d.*
    FROM period_dialogs t
    CROSS JOIN as_of
    CROSS JOIN LATERAL (SELECT d.dialog_key, d.channel_key, d.dialog_id, d.privacy, d.privacy_accepted_at
                        FROM dialogs d WHERE d.dialog_key = t.dialog_key AND d.kind = 'customer' OFFSET 0) d
    WHERE t.dialog_key % as_of.workers = as_of.worker
)
SELECT d.dialog_key, 0::smallint AS code,
       CASE WHEN d.privacy_accepted_at <= as_of.t THEN d.privacy_accepted_at END AS at,
       0::bigint AS seq, d.channel_key::bigint AS ref,
       (d.privacy = 'pending' OR d.privacy_accepted_at > as_of.t) AS flag, d.dialog_id AS text
FROM chosen d, as_of
UNION ALL
SELECT m.dialog_key,
       CASE m.sender_kind WHEN 'customer' THEN 2 WHEN 'user' THEN 3 ELSE 4 END::smallint,
       m.created_at, m.seq,
       coalesce(m.sender_user_key, m.sender_bot_key)::bigint,
       -- Failed by as_of: only a message with a `failed` status by then (the partial index
       -- message_statuses_failed, probed per message) can have `failed` as its last status; a
       -- send stored `bot_blocked` counts when it has no status at all by then.
       CASE WHEN EXISTS (SELECT 1 FROM message_statuses f
                         WHERE f.message_key = m.message_key AND f.status = 'failed' AND f.at <= as_of.t)
            THEN (SELECT s.status FROM message_statuses s
                  WHERE s.message_key = m.message_key AND s.at <= as_of.t
                  ORDER BY s.at DESC, s.seq DESC LIMIT 1) = 'failed'
            WHEN m.failure_reason = 'bot_blocked'
            THEN NOT EXISTS (SELECT 1 FROM message_statuses s
                             WHERE s.message_key = m.message_key AND s.at <= as_of.t)
            ELSE false END,
       NULL
FROM chosen d
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT * FROM messages m
                    WHERE m.dialog_key = d.dialog_key AND m.sender_kind <> 'system' AND m.created_at <= as_of.t
                    OFFSET 0) m
UNION ALL
SELECT a.dialog_key,
       CASE WHEN a.to_user_key IS NOT NULL THEN 5 WHEN a.to_bot_key IS NOT NULL THEN 6 ELSE 7 END::smallint,
       a.at, a.seq, coalesce(a.to_user_key, a.to_bot_key)::bigint, false, NULL
FROM chosen d
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT * FROM assignments a WHERE a.dialog_key = d.dialog_key AND a.at <= as_of.t OFFSET 0) a
UNION ALL
SELECT c.dialog_key,
       CASE WHEN c.change = 'reopened' THEN 11
            WHEN c.by_kind = 'auto' THEN 1
            WHEN c.by_kind = 'user' THEN 8
            WHEN c.by_kind = 'bot' THEN 9
            WHEN c.by_kind = 'system' THEN 10 END::smallint,
       c.at, c.seq, coalesce(c.by_user_key, c.by_bot_key)::bigint, false, NULL
FROM chosen d
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT * FROM dialog_status_changes c
                    WHERE c.dialog_key = d.dialog_key AND c.change IN ('closed', 'reopened') AND c.at <= as_of.t
                    OFFSET 0) c

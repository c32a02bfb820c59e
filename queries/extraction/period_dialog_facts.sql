-- dialog_facts.sql for one period: the same columns, codes and order, for only the customer
-- dialogs that can change a figure of the period [chatsla.period_start, chatsla.period_end)
-- (both instants, the period's local dates resolved in its time zone), each with its whole
-- history up to as_of, as dialog_facts.sql streams it.
--
-- Which dialogs (a superset of those the engine counts anything of in the period):
--   * a message, an assignment or a status change in the period, at or before as_of (episodes
--     start at a customer message; replies, assignments, messages sent, closes and auto-closes
--     count at their own instant; the cohort opens at a customer message or an acceptance);
--   * a dialog open at the period's start (it counts in its responsible's peak open dialogs) with
--     no fact in it. Its state there is read from the status changes at or after the cut (the
--     period's start, or just after as_of when as_of is earlier) and dialog_status_latest:
--     - its first status change from the cut on is a close (open until then);
--     - or it has none since the cut, and its latest change of all time leaves it open;
--     - or its `opened` change comes after the cut but a (late) message of it before the cut;
--     - or its changes were stored out of time order (a late close): always read.
-- Any other dialog was closed at the period's start and has no fact in it: every figure of the
-- period is the same without it (docs/PERFORMANCE.md, "Period-bounded extraction").
--
-- Cost: the period's facts are found through the time indexes (messages_by_time,
-- assignments_by_time, dialog_status_changes_by_time), the dialogs open at the start through
-- the status changes since the cut (one primary-key probe each) and the partial index
-- dialog_status_latest_open, so a day's report reads a day's worth of index (and what came after
-- it, up to now), whatever the history holds. The chosen dialogs' facts are then read through
-- the by-dialog indexes, and failed statuses through the partial index message_statuses_failed.
-- A period that starts at or before the first stored message reads dialog_facts.sql instead
-- (every dialog is chosen; hash joins over whole tables are then cheaper than look-ups).
WITH settings AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker
),
-- The cut: the engine's open/closed state "at the period's start" is that after the facts
-- before the period's start, or after every fact up to as_of when as_of is earlier.
as_of AS (
    SELECT *, least(period_start, t + interval '1 microsecond') AS cut FROM settings
),
touched AS (
    SELECT m.dialog_key FROM messages m, as_of
    WHERE m.created_at >= as_of.period_start AND m.created_at < as_of.period_end AND m.created_at <= as_of.t
    UNION
    SELECT a.dialog_key FROM assignments a, as_of
    WHERE a.at >= as_of.period_start AND a.at < as_of.period_end AND a.at <= as_of.t
    UNION
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.period_start AND c.at < as_of.period_end AND c.at <= as_of.t
    UNION
    -- Open at the cut and closed since: the first change from the cut on is a close.
    -- (Scalar subqueries: one primary-key probe per change, never a join over the history.)
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.cut AND c.change = 'closed'
      AND (SELECT e.seq FROM dialog_status_changes e
           WHERE e.dialog_key = c.dialog_key AND (e.seq, e.position) < (c.seq, c.position)
             AND e.at >= as_of.cut
           LIMIT 1) IS NULL
    UNION
    -- Opened from the cut on by a message, with a (late) message stamped before the cut.
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.cut AND c.change = 'opened'
      AND (SELECT min(m.created_at) FROM messages m WHERE m.dialog_key = c.dialog_key) < as_of.cut
    UNION
    -- Open after the latest change of all time, or changed out of time order.
    SELECT l.dialog_key FROM dialog_status_latest l WHERE l.is_open OR l.disordered
),
-- Each chosen dialog and its facts are looked up by key (LATERAL … OFFSET 0 keeps the planner from
-- turning the look-ups into hash joins over whole tables, which its generic estimates for the
-- settings-bound instants would otherwise pick).
chosen AS MATERIALIZED (
    SELECT d.*
    FROM touched t
    CROSS JOIN as_of
    CROSS JOIN LATERAL (SELECT d.dialog_key, d.channel_key, d.dialog_id, d.privacy, d.privacy_accepted_at
                        FROM dialogs d WHERE d.dialog_key = t.dialog_key AND d.kind = 'customer' OFFSET 0) d
    WHERE t.dialog_key % as_of.workers = as_of.worker
)
SELECT * FROM (
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
) facts
ORDER BY dialog_key, code <> 0, at, seq, code

-- Every customer dialog's facts up to as_of, one stream ordered by dialog, then (at, seq, code).
--
-- Columns: dialog_key, code, at, seq, ref (user or bot key), flag, text
--   code 0  dialog header: ref = channel_key, text = dialog_id, flag = privacy pending at as_of,
--           at = privacy acceptance instant (NULL when not gated)
--   code 1  automatic close (it precedes the event that triggered it, which shares its seq and
--           may share its instant: "an event stamped exactly at a deadline comes after the close")
--   code 2  customer message
--   code 3  user message: ref = user_key, flag = failed by as_of
--   code 4  bot message: ref = bot_key, flag = failed by as_of
--   code 5  assignment to a user: ref = user_key
--   code 6  assignment to a bot: ref = bot_key
--   code 7  assignment to nobody
--   code 8  close by a user: ref = user_key
--   code 9  close by a bot: ref = bot_key
--   code 10 close by the system actor (`{"system": true}`): neither a resolution nor automatic
--   code 11 reopen by a customer message, as ingestion stored it
-- Ties: facts of one event share (at, seq) and the engine relies on their code order there:
--   1 before everything (the automatic close comes before the event that materialised it);
--   2 before 11 (a customer message before the reopen it caused: the message starts or joins
--   the episode either way, the reopen then counts the dialog open again);
--   3 before 5 (a user's reply before the first-responder assignment it caused).
-- Opening and reopening come from stored facts: the dialog opens at its earliest customer
-- message, and a closed dialog opens again only at a stored reopen (code 11), never at a
-- customer message alone (a late message before a close reopens at that close).
-- Workers split the dialogs by key: the settings chatsla.workers and chatsla.worker pick this
-- worker's share (1 and 0 for everything).
-- A message counts as failed when its last status by as_of is `failed` (SPEC §2); a send to a
-- contact that blocked the bot is stored failed from the start (`failure_reason = 'bot_blocked'`).
--
-- Cost: every table is read once in heap order and joined by hash. Only messages with a `failed`
-- status by as_of can have `failed` as their last status, so the last status is looked up for
-- those few alone (a DISTINCT ON over all of message_statuses was a full sort per worker). The
-- worker filter is on each fact table's own dialog_key, so no per-dialog index lookups.
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker
),
-- Messages with a failed status by as_of: the only ones whose last status can be `failed`.
failed_candidates AS (
    SELECT DISTINCT s.message_key
    FROM message_statuses s, as_of
    WHERE s.status = 'failed' AND s.at <= as_of.t
),
last_status AS (
    SELECT DISTINCT ON (s.message_key) s.message_key, s.status
    FROM message_statuses s JOIN failed_candidates f ON f.message_key = s.message_key, as_of
    WHERE s.at <= as_of.t
    ORDER BY s.message_key, s.at DESC, s.seq DESC
),
customer_dialogs AS (
    SELECT d.dialog_key FROM dialogs d WHERE d.kind = 'customer'
)
SELECT * FROM (
SELECT d.dialog_key, 0::smallint AS code,
       CASE WHEN d.privacy_accepted_at <= as_of.t THEN d.privacy_accepted_at END AS at,
       0::bigint AS seq, d.channel_key::bigint AS ref,
       (d.privacy = 'pending' OR d.privacy_accepted_at > as_of.t) AS flag, d.dialog_id AS text
FROM dialogs d, as_of
WHERE d.kind = 'customer' AND d.dialog_key % as_of.workers = as_of.worker
UNION ALL
SELECT m.dialog_key,
       CASE m.sender_kind WHEN 'customer' THEN 2 WHEN 'user' THEN 3 ELSE 4 END::smallint,
       m.created_at, m.seq,
       coalesce(m.sender_user_key, m.sender_bot_key)::bigint,
       -- ls holds only messages with a failed status: for the others the last status is not
       -- `failed`, and bot_blocked counts only when there is no status at all by as_of.
       coalesce(ls.status = 'failed',
                CASE WHEN m.failure_reason = 'bot_blocked'
                     THEN NOT EXISTS (SELECT 1 FROM message_statuses s
                                      WHERE s.message_key = m.message_key AND s.at <= as_of.t)
                     ELSE false END),
       NULL
FROM messages m
JOIN customer_dialogs d ON d.dialog_key = m.dialog_key
LEFT JOIN last_status ls ON ls.message_key = m.message_key
CROSS JOIN as_of
WHERE m.sender_kind <> 'system' AND m.created_at <= as_of.t AND m.dialog_key % as_of.workers = as_of.worker
UNION ALL
SELECT a.dialog_key,
       CASE WHEN a.to_user_key IS NOT NULL THEN 5 WHEN a.to_bot_key IS NOT NULL THEN 6 ELSE 7 END::smallint,
       a.at, a.seq, coalesce(a.to_user_key, a.to_bot_key)::bigint, false, NULL
FROM assignments a
JOIN customer_dialogs d ON d.dialog_key = a.dialog_key
CROSS JOIN as_of
WHERE a.at <= as_of.t AND a.dialog_key % as_of.workers = as_of.worker
UNION ALL
SELECT c.dialog_key,
       CASE WHEN c.change = 'reopened' THEN 11
            WHEN c.by_kind = 'auto' THEN 1
            WHEN c.by_kind = 'user' THEN 8
            WHEN c.by_kind = 'bot' THEN 9
            WHEN c.by_kind = 'system' THEN 10 END::smallint,
       c.at, c.seq, coalesce(c.by_user_key, c.by_bot_key)::bigint, false, NULL
FROM dialog_status_changes c
JOIN customer_dialogs d ON d.dialog_key = c.dialog_key
CROSS JOIN as_of
WHERE c.change IN ('closed', 'reopened') AND c.at <= as_of.t AND c.dialog_key % as_of.workers = as_of.worker
) facts
-- The header first, then the facts in (at, seq) order; within one event, by code.
ORDER BY dialog_key, code <> 0, at, seq, code

-- Every customer dialog's facts up to as_of, in no particular order: the client groups the rows
-- by dialog and sorts each dialog's facts (DialogFactGroups), so the server reads each table in
-- heap order and sorts nothing.
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
-- A dialog's facts are read in (at, seq, code) order, the header first. Ties: facts of one event
-- share (at, seq) and the engine relies on their code order there:
--   1 before everything (the automatic close comes before the event that materialised it);
--   2 before 11 (a customer message before the reopen it caused: the message starts or joins
--   the episode either way, the reopen then counts the dialog open again);
--   3 before 5 (a user's reply before the first-responder assignment it caused).
-- Opening and reopening come from stored facts: the dialog opens at its earliest customer
-- message, and a closed dialog opens again only at a stored reopen (code 11), never at a
-- customer message alone (a late message before a close reopens at that close).
-- Facts of dialogs without a header row (internal dialogs) are streamed and dropped by the client:
-- filtering them here would need a join over whole tables.
-- Workers split every table by block ranges: this worker reads the blocks
-- [chatsla.<table>_from, chatsla.<table>_to) of each (tids, Tid Range Scan), as
-- ReportExtraction.TableBlocks sets them; a single worker reads (0,0) to the last possible block.
-- A message counts as failed when its last status by as_of is `failed` (SPEC §2); a send to a
-- contact that blocked the bot is stored failed from the start (`failure_reason = 'bot_blocked'`).
--
-- Cost: every table is read once in heap order (a raw read): each block range is read in a
-- subquery fenced by OFFSET 0, so that the as_of bound (a setting, unknown to the planner) is a
-- filter on the rows read, never an index scan by instant over the history. Only messages with a `failed`
-- status by as_of can have `failed` as their last status, so the last status is looked up for
-- those few alone (the partial index message_statuses_failed), hashed, and probed per message.
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t
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
)
SELECT d.dialog_key, 0::smallint AS code,
       CASE WHEN d.privacy_accepted_at <= as_of.t THEN d.privacy_accepted_at END AS at,
       0::bigint AS seq, d.channel_key::bigint AS ref,
       (d.privacy = 'pending' OR d.privacy_accepted_at > as_of.t) AS flag, d.dialog_id AS text
FROM (SELECT * FROM dialogs d
      WHERE d.ctid >= current_setting('chatsla.dialogs_from')::tid AND d.ctid < current_setting('chatsla.dialogs_to')::tid
      OFFSET 0) d, as_of
WHERE d.kind = 'customer'
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
FROM (SELECT * FROM messages m
      WHERE m.ctid >= current_setting('chatsla.messages_from')::tid AND m.ctid < current_setting('chatsla.messages_to')::tid
      OFFSET 0) m
LEFT JOIN last_status ls ON ls.message_key = m.message_key
CROSS JOIN as_of
WHERE m.sender_kind <> 'system' AND m.created_at <= as_of.t
UNION ALL
SELECT a.dialog_key,
       CASE WHEN a.to_user_key IS NOT NULL THEN 5 WHEN a.to_bot_key IS NOT NULL THEN 6 ELSE 7 END::smallint,
       a.at, a.seq, coalesce(a.to_user_key, a.to_bot_key)::bigint, false, NULL
FROM (SELECT * FROM assignments a
      WHERE a.ctid >= current_setting('chatsla.assignments_from')::tid AND a.ctid < current_setting('chatsla.assignments_to')::tid
      OFFSET 0) a
CROSS JOIN as_of
WHERE a.at <= as_of.t
UNION ALL
SELECT c.dialog_key,
       CASE WHEN c.change = 'reopened' THEN 11
            WHEN c.by_kind = 'auto' THEN 1
            WHEN c.by_kind = 'user' THEN 8
            WHEN c.by_kind = 'bot' THEN 9
            WHEN c.by_kind = 'system' THEN 10 END::smallint,
       c.at, c.seq, coalesce(c.by_user_key, c.by_bot_key)::bigint, false, NULL
FROM (SELECT * FROM dialog_status_changes c
      WHERE c.ctid >= current_setting('chatsla.dialog_status_changes_from')::tid
        AND c.ctid < current_setting('chatsla.dialog_status_changes_to')::tid
      OFFSET 0) c
CROSS JOIN as_of
WHERE c.change IN ('closed', 'reopened') AND c.at <= as_of.t

-- The customer dialogs that can change a figure of one period [chatsla.period_start,
-- chatsla.period_end) (both instants, the period's local dates resolved in its time zone), each
-- with its whole history up to as_of, as fact rows in no particular order (the client groups them
-- by dialog, DialogFactGroups, and sorts each dialog's facts by (at, seq, code)).
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
-- The history's extraction (dialog_facts.sql) streams plain table rows and applies the same codes
-- in the client (ChatStore's HistoryRows). Ties: facts of one event share (at, seq) and the engine
-- relies on their code order there:
--   1 before everything (the automatic close comes before the event that materialised it);
--   2 before 11 (a customer message before the reopen it caused: the message starts or joins
--   the episode either way, the reopen then counts the dialog open again);
--   3 before 5 (a user's reply before the first-responder assignment it caused).
-- Opening and reopening come from stored facts: the dialog opens at its earliest customer
-- message, and a closed dialog opens again only at a stored reopen (code 11), never at a
-- customer message alone (a late message before a close reopens at that close).
-- A message counts as failed when its last status by as_of is `failed` (SPEC §2); a send to a
-- contact that blocked the bot is stored failed from the start (`failure_reason = 'bot_blocked'`).
--
-- Which dialogs: those of the temporary view period_dialogs (period_dialogs.sql, defined on the
-- session first), customer dialogs alone.
--
-- A carried dialog (period_dialogs' `carried`: no fact in the period, at or before as_of) not held
-- by the privacy policy gets its header, its first customer message, its assignments and its
-- closes and reopens, and none of its other messages. The period takes from it only whether it
-- is open at the period's start and who holds it then (peak_open_dialogs), and those follow from
-- exactly these facts: a dialog opens at its first customer message and otherwise changes only
-- at closes and reopens, and its responsible only at assignments. Its other messages start, join
-- and end episodes of before the period, which count in no figure of it. (An accepted dialog
-- gets everything: its earlier messages count from the acceptance.)
--
-- A dialog still held by the privacy policy at as_of (pending, or accepted later) gets its
-- header alone: the engine counts it in no figure, workload included.
--
-- Cost: the dialogs are found by index (period_dialogs.sql), their facts then read through the
-- by-dialog indexes, and the failed statuses once through the partial index
-- message_statuses_failed.
-- A period that holds a twelfth or more of the history reads dialog_facts.sql instead (a raw read
-- of every table is then cheaper than look-ups).
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end
),
-- Each chosen dialog and its facts are looked up by key (LATERAL … OFFSET 0 keeps the planner from
-- turning the look-ups into hash joins over whole tables, which its generic estimates for the
-- settings-bound instants would otherwise pick). period_dialogs holds this worker's share alone.
chosen AS MATERIALIZED (
    SELECT d.*
    FROM period_dialogs t
    CROSS JOIN as_of
    CROSS JOIN LATERAL (SELECT d.dialog_key, d.channel_key, d.dialog_id, d.privacy, d.privacy_accepted_at,
                               t.carried AND d.privacy = 'none' AS carried,
                               (d.privacy = 'pending' OR d.privacy_accepted_at > as_of.t) IS TRUE AS pending
                        FROM dialogs d WHERE d.dialog_key = t.dialog_key AND d.kind = 'customer' OFFSET 0) d
),
-- The messages with a `failed` status by as_of (the partial index message_statuses_failed, 0.2% of
-- the statuses), hashed once instead of probed per message.
failed AS MATERIALIZED (
    SELECT f.message_key FROM message_statuses f, as_of WHERE f.status = 'failed' AND f.at <= as_of.t
)
SELECT d.dialog_key, 0::smallint AS code,
       CASE WHEN d.privacy_accepted_at <= as_of.t THEN d.privacy_accepted_at END AS at,
       0::bigint AS seq, d.channel_key::bigint AS ref, d.pending AS flag, d.dialog_id AS text
FROM chosen d, as_of
UNION ALL
SELECT m.dialog_key,
       CASE m.sender_kind WHEN 'customer' THEN 2 WHEN 'user' THEN 3 ELSE 4 END::smallint,
       m.created_at, m.seq,
       coalesce(m.sender_user_key, m.sender_bot_key)::bigint,
       -- Failed by as_of: only a message with a `failed` status by then (`failed`) can have
       -- `failed` as its last status; a send stored `bot_blocked` at its creation has no status
       -- at all, ever (a message failed later with that reason has its status row, and counts
       -- from it on, through `failed`).
       CASE WHEN m.message_key IN (SELECT f.message_key FROM failed f)
            THEN (SELECT s.status FROM message_statuses s
                  WHERE s.message_key = m.message_key AND s.at <= as_of.t
                  ORDER BY s.at DESC, s.seq DESC LIMIT 1) = 'failed'
            WHEN m.failure_reason = 'bot_blocked'
            THEN NOT EXISTS (SELECT 1 FROM message_statuses s WHERE s.message_key = m.message_key)
            ELSE false END,
       NULL
FROM chosen d
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT * FROM messages m
                    WHERE m.dialog_key = d.dialog_key AND m.sender_kind <> 'system' AND m.created_at <= as_of.t
                    OFFSET 0) m
WHERE NOT d.carried AND NOT d.pending
UNION ALL
-- A carried dialog: its first customer message alone (the one that opens it; the messages_by_dialog
-- index in order, stopped at the first).
SELECT m.dialog_key, 2::smallint, m.created_at, m.seq, NULL::bigint, false, NULL
FROM chosen d
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT m.dialog_key, m.created_at, m.seq FROM messages m
                    WHERE m.dialog_key = d.dialog_key AND m.sender_kind = 'customer' AND m.created_at <= as_of.t
                    ORDER BY m.created_at, m.seq LIMIT 1) m
WHERE d.carried AND NOT d.pending
UNION ALL
SELECT a.dialog_key,
       CASE WHEN a.to_user_key IS NOT NULL THEN 5 WHEN a.to_bot_key IS NOT NULL THEN 6 ELSE 7 END::smallint,
       a.at, a.seq, coalesce(a.to_user_key, a.to_bot_key)::bigint, false, NULL
FROM chosen d
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT * FROM assignments a WHERE a.dialog_key = d.dialog_key AND a.at <= as_of.t OFFSET 0) a
WHERE NOT d.pending
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
WHERE NOT d.pending

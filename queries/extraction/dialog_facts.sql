-- Every customer dialog's facts up to as_of: each dialog's header (`dialogs`) and its fact log
-- (`dialog_fact_logs`, queries/schema/0015_dialog_fact_logs.sql: the dialog's messages,
-- assignments, closes and reopens packed in 20-byte records), as plain columns in heap order: no
-- expression, join, filter or sort in the server, which then costs what a raw COPY of one row per
-- dialog costs. The client (ChatStore's HistoryRows) keeps the facts up to as_of, drops
-- non-customer dialogs, sets the failed flags, and groups the facts by dialog
-- (DialogFactGroups), each dialog's facts then sorted by (at, seq, code).
--
-- Workers split both tables by block ranges: a worker reads the blocks
-- [chatsla.<table>_from, chatsla.<table>_to) of each (tids: a Tid Range Scan), as
-- ReportExtraction.TableBlocks sets them; a single worker reads from (0,0) to the last possible
-- block. A dialog's header and its log may come to different workers.
--
-- A message counts as failed when its last status by as_of is `failed` (SPEC §2); a send to a
-- contact that blocked the bot is stored failed from the start and never gets a status
-- (ingestion rejects one), so it counts as failed whatever as_of: its record carries the flag.
-- Only messages with a `failed` status by as_of can have `failed` as their last status:
-- failed_messages finds those few through the partial index message_statuses_failed, named by
-- dialog and seq as their records are (an event stores at most one message); a report reads it
-- once, on its orders' connection, and sets the flags as the facts are replayed.

-- name: failed_messages
-- Messages with a `failed` status by as_of: their dialog, seq, and whether their last status by
-- then is `failed`.
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t
),
candidates AS (
    SELECT DISTINCT s.message_key
    FROM message_statuses s, as_of
    WHERE s.status = 'failed' AND s.at <= as_of.t
),
last_status AS (
    SELECT DISTINCT ON (s.message_key) s.message_key, s.status = 'failed' AS failed
    FROM message_statuses s JOIN candidates c ON c.message_key = s.message_key, as_of
    WHERE s.at <= as_of.t
    ORDER BY s.message_key, s.at DESC, s.seq DESC
)
SELECT m.dialog_key, m.seq, l.failed
FROM last_status l JOIN messages m ON m.message_key = l.message_key

-- name: dialogs
COPY (SELECT dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at
      FROM dialogs
      WHERE ctid >= current_setting('chatsla.dialogs_from')::tid AND ctid < current_setting('chatsla.dialogs_to')::tid)
TO STDOUT (FORMAT binary)

-- name: fact_logs
COPY (SELECT dialog_key, facts
      FROM dialog_fact_logs
      WHERE ctid >= current_setting('chatsla.dialog_fact_logs_from')::tid
        AND ctid < current_setting('chatsla.dialog_fact_logs_to')::tid)
TO STDOUT (FORMAT binary)

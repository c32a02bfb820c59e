-- Every customer dialog's facts up to as_of, as plain columns of each table in heap order: no
-- expression, join, filter or sort in the server, which then costs what a raw COPY of the columns
-- costs. The client (ChatStore's HistoryRows) keeps the rows up to as_of, drops system messages and
-- non-customer dialogs' facts, turns each row into a fact code (the codes of
-- period_dialog_facts.sql), and groups the facts by dialog (DialogFactGroups), each dialog's facts
-- then sorted by (at, seq, code).
--
-- Workers split every table by block ranges: a worker reads the blocks
-- [chatsla.<table>_from, chatsla.<table>_to) of each (tids: a Tid Range Scan), as
-- ReportExtraction.TableBlocks sets them; a single worker reads from (0,0) to the last possible
-- block.
--
-- A message counts as failed when its last status by as_of is `failed` (SPEC §2); a send to a
-- contact that blocked the bot is stored failed from the start (`failure_reason = 'bot_blocked'`)
-- and never gets a status (ingestion rejects one), so it counts as failed whatever as_of. Only
-- messages with a `failed` status by as_of can have `failed` as their last status:
-- failed_messages finds those few through the partial index message_statuses_failed. A message
-- failed later by a status whose error reads `bot_blocked` has the same reason but a status row:
-- with_statuses tells those apart from the sends stored blocked (by primary key), so that such a
-- message counts as failed only from its failed status on.

-- name: failed_messages
-- Messages with a `failed` status by as_of, and whether their last status by then is `failed`.
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t
),
candidates AS (
    SELECT DISTINCT s.message_key
    FROM message_statuses s, as_of
    WHERE s.status = 'failed' AND s.at <= as_of.t
)
SELECT DISTINCT ON (s.message_key) s.message_key, s.status = 'failed'
FROM message_statuses s JOIN candidates c ON c.message_key = s.message_key, as_of
WHERE s.at <= as_of.t
ORDER BY s.message_key, s.at DESC, s.seq DESC

-- name: with_statuses
-- Which of the messages $1 have a status at all (at any instant: a send stored blocked has none).
SELECT DISTINCT s.message_key
FROM message_statuses s
WHERE s.message_key = ANY ($1::bigint[])

-- name: dialogs
COPY (SELECT dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at
      FROM dialogs
      WHERE ctid >= current_setting('chatsla.dialogs_from')::tid AND ctid < current_setting('chatsla.dialogs_to')::tid)
TO STDOUT (FORMAT binary)

-- name: messages
COPY (SELECT dialog_key, seq, created_at, sender_kind, sender_user_key, sender_bot_key, message_key, failure_reason
      FROM messages
      WHERE ctid >= current_setting('chatsla.messages_from')::tid AND ctid < current_setting('chatsla.messages_to')::tid)
TO STDOUT (FORMAT binary)

-- name: assignments
COPY (SELECT dialog_key, seq, at, to_user_key, to_bot_key
      FROM assignments
      WHERE ctid >= current_setting('chatsla.assignments_from')::tid
        AND ctid < current_setting('chatsla.assignments_to')::tid)
TO STDOUT (FORMAT binary)

-- name: status_changes
COPY (SELECT dialog_key, seq, at, change, by_kind, by_user_key, by_bot_key
      FROM dialog_status_changes
      WHERE ctid >= current_setting('chatsla.dialog_status_changes_from')::tid
        AND ctid < current_setting('chatsla.dialog_status_changes_to')::tid)
TO STDOUT (FORMAT binary)

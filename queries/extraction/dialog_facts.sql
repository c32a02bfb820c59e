-- Every customer dialog's facts up to as_of: each dialog's log row (`dialog_fact_logs`, schema
-- 0015-0017: the dialog's header as its `dialogs` row has it, and its messages, assignments,
-- closes, reopens and the statuses of its messages with a `failed` one packed in 20-byte records),
-- as plain columns in heap order: no expression, join, filter or sort in the server, which then
-- costs what a raw COPY of one row per dialog costs. The client (ChatStore's HistoryRows) keeps the
-- facts up to as_of, drops non-customer dialogs, reads no facts of a dialog the privacy policy
-- holds at as_of, sets the failed flags from the status records, and groups the facts by dialog
-- (DialogFactGroups), each dialog's facts then sorted by (at, seq, code).
--
-- Workers split the table by block ranges: a worker reads the blocks
-- [chatsla.dialog_fact_logs_from, chatsla.dialog_fact_logs_to) (tids: a Tid Range Scan), as
-- ReportExtraction.TableBlocks sets them; a single worker reads from (0,0) to the last possible
-- block.
--
-- A message counts as failed when its last status by as_of is `failed` (SPEC §2): a message with a
-- `failed` status has all its statuses in its dialog's log (status records, code 12,
-- queries/schema/0016_status_records.sql), from which the client finds its last by as_of; a send
-- to a contact that blocked the bot is stored failed from the start and never gets a status
-- (ingestion rejects one), so it counts as failed whatever as_of: its record carries the flag.

-- name: logs
COPY (SELECT dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at, facts
      FROM dialog_fact_logs
      WHERE ctid >= current_setting('chatsla.dialog_fact_logs_from')::tid
        AND ctid < current_setting('chatsla.dialog_fact_logs_to')::tid)
TO STDOUT (FORMAT binary)

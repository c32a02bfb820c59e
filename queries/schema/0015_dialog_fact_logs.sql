-- Each dialog's facts kept together, packed (issue 22: report extraction at the speed of the
-- data). The report's history read streamed every row of messages, assignments and
-- dialog_status_changes (7M messages and 10M fact rows in the 1M-dialog month) and grouped them by
-- dialog in the client; its server's CPU and the client's grouping were most of the report's
-- cost, and no index or ordering of those tables changes that. Ingestion now appends each fact to
-- its dialog's log in the batch's transaction (queries/ingest/write.sql, merge_tmp_fact_logs), and
-- the history read streams one row per dialog (queries/extraction/dialog_facts.sql): 1M rows of
-- about 200 bytes instead of 10M (docs/PERFORMANCE.md, "Session 16"). The tables stay the
-- record; a log holds exactly what dialog_fact_records derives from them, which
-- scripts/ingest-integrity.sql checks.
--
-- A record is 20 bytes, big-endian: the fact's instant (int8, microseconds since 1970-01-01 UTC),
-- `(seq << 5) | (code << 1) | flag` (int8), and the user or bot key (int4, 0 for none). The codes are
-- those of queries/extraction/period_dialog_facts.sql: 1 automatic close, 2 customer message, 3
-- user message, 4 bot message, 5/6/7 assignment to a user/a bot/nobody, 8/9/10 close by a
-- user/a bot/the system actor, 11 reopen. The flag marks a user or bot send stored failed
-- because the contact had blocked the bot (`bot_blocked` and no status, ever: ingestion refuses
-- one); whether another message counts as failed depends on the report's as_of and is read from
-- message_statuses then. System messages and other status changes are not facts. Records come
-- in ingestion order (late facts included); readers sort a dialog's facts.

-- The records each dialog's facts give, from the tables: the one definition of the packing that
-- SQL uses (the backfill below, the integrity check). The ingester packs the same bytes
-- (ChatStore's FactLogRecord).
CREATE VIEW dialog_fact_records AS
SELECT m.dialog_key, m.seq,
       int8send((extract(epoch FROM m.created_at) * 1000000)::bigint)
       || int8send((m.seq << 5) | ((CASE m.sender_kind WHEN 'customer' THEN 2 WHEN 'user' THEN 3 ELSE 4 END) << 1)
                   | (m.sender_kind <> 'customer' AND m.failure_reason IS NOT DISTINCT FROM 'bot_blocked'
                      AND NOT EXISTS (SELECT 1 FROM message_statuses s WHERE s.message_key = m.message_key))::int)
       || int4send(coalesce(m.sender_user_key, m.sender_bot_key, 0)) AS record,
       m.created_at AS at
FROM messages m
WHERE m.sender_kind <> 'system'
UNION ALL
SELECT a.dialog_key, a.seq,
       int8send((extract(epoch FROM a.at) * 1000000)::bigint)
       || int8send((a.seq << 5) | ((CASE WHEN a.to_user_key IS NOT NULL THEN 5 WHEN a.to_bot_key IS NOT NULL THEN 6
                                        ELSE 7 END) << 1))
       || int4send(coalesce(a.to_user_key, a.to_bot_key, 0)),
       a.at
FROM assignments a
UNION ALL
SELECT c.dialog_key, c.seq,
       int8send((extract(epoch FROM c.at) * 1000000)::bigint)
       || int8send((c.seq << 5) | ((CASE WHEN c.change = 'reopened' THEN 11 WHEN c.by_kind = 'auto' THEN 1
                                        WHEN c.by_kind = 'user' THEN 8 WHEN c.by_kind = 'bot' THEN 9 ELSE 10 END) << 1))
       || int4send(coalesce(c.by_user_key, c.by_bot_key, 0)),
       c.at
FROM dialog_status_changes c
WHERE c.change IN ('closed', 'reopened');

-- first_at and last_at: the earliest and latest instants of the log's facts. A dialog with a fact
-- in an interval has first_at before its end and last_at at or after its start, so a period's
-- dialogs are found by last_at (queries/extraction/period_dialogs.sql) without reading the
-- facts' own time indexes. Rows are rewritten at each append (room on their page keeps the new
-- version near).
CREATE TABLE dialog_fact_logs (
    dialog_key     bigint PRIMARY KEY,
    facts          bytea NOT NULL CHECK (length(facts) % 20 = 0),
    first_at       timestamptz NOT NULL,
    last_at        timestamptz NOT NULL
) WITH (fillfactor = 85);

INSERT INTO dialog_fact_logs (dialog_key, facts, first_at, last_at)
SELECT dialog_key, string_agg(record, ''::bytea ORDER BY seq, record), min(at), max(at)
FROM dialog_fact_records
GROUP BY dialog_key;
CREATE INDEX dialog_fact_logs_by_last ON dialog_fact_logs (last_at);

-- The report found a period's dialogs, and read each one's facts, through the facts' own indexes;
-- it now does both through the logs, and three of those indexes serve no statement any more (the
-- SQL reference and the benchmark's peer read the tables whole). Each cost every ingested batch
-- its insertions: at 1M dialogs messages_by_dialog (357 MB) took 18 and messages_by_time (165 MB)
-- 9 of the 67 ms that COPYing 7,000 messages into `messages` cost (docs/PERFORMANCE.md, "Session
-- 15"). dialog_status_changes_by_time stays (the privacy acceptances of a period,
-- period_chat_orders.sql).
DROP INDEX messages_by_dialog;
DROP INDEX messages_by_time;
DROP INDEX assignments_by_time;

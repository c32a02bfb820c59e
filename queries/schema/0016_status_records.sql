-- The statuses that decide whether a send counts as failed, kept in its dialog's log (issue 22:
-- a one-day report costs what the day holds). A message counts as failed when its last status by
-- the report's as_of is `failed` (SPEC §2); the report found those messages with one statement
-- over every `failed` status of the history (0.27 s over 30 days, 0.52 s over 90, on the critical
-- path of every report), so a day's report grew with the history. Its dialogs' logs now hold
-- what decides it, and a report reads nothing else.
--
-- A status record (code 12) is 20 bytes like every record of the log: the status's instant, `(seq
-- << 5) | (12 << 1) | failed` (the status event's seq; the flag set for `failed`), and the low 32
-- bits of the seq of the message it belongs to (its message record's seq; a dialog whose messages
-- lie 2^32 events apart could confuse two of them, docs/DECISIONS.md). Only the messages with a
-- `failed` status (0.5% of the statuses of the generated month) have their statuses logged, and
-- then all of them: before a message's earliest `failed` status no status can make it failed,
-- but a later one (late events included) can make it count as delivered again, so a reader needs
-- them all to find the last by as_of. Ingestion appends them when a batch stores a status of such a
-- message, and every earlier status of the message with its first `failed` one
-- (queries/ingest/write.sql, merge_tmp_status_messages), after the batch's other records of the
-- dialog: where they lie in a log depends on where batches end, and readers sort a dialog's
-- facts (scripts/ingest-checksum.sql compares logs sorted).
--
-- message_status_records is the one SQL definition of the packing (dialog_fact_records, the
-- backfill below and ingestion use it). dialog_fact_records becomes the union of one view per
-- source table, so that a later change of one source's records restates that view alone
-- (CREATE OR REPLACE VIEW takes a whole definition): the bodies of 0015's three branches move
-- into message_fact_records, assignment_fact_records and status_change_fact_records unchanged.
CREATE VIEW message_status_records AS
SELECT m.dialog_key, s.message_key, s.seq,
       int8send((extract(epoch FROM s.at) * 1000000)::bigint)
       || int8send((s.seq << 5) | (12 << 1) | (s.status = 'failed')::int)
       || substring(int8send(m.seq) FROM 5 FOR 4) AS record,
       s.at
FROM message_statuses s
JOIN messages m ON m.message_key = s.message_key
WHERE m.sender_kind <> 'system'
  AND EXISTS (SELECT 1 FROM message_statuses f WHERE f.message_key = s.message_key AND f.status = 'failed');

CREATE VIEW message_fact_records AS
SELECT m.dialog_key, m.seq,
       int8send((extract(epoch FROM m.created_at) * 1000000)::bigint)
       || int8send((m.seq << 5) | ((CASE m.sender_kind WHEN 'customer' THEN 2 WHEN 'user' THEN 3 ELSE 4 END) << 1)
                   | (m.sender_kind <> 'customer' AND m.failure_reason IS NOT DISTINCT FROM 'bot_blocked'
                      AND NOT EXISTS (SELECT 1 FROM message_statuses s WHERE s.message_key = m.message_key))::int)
       || int4send(coalesce(m.sender_user_key, m.sender_bot_key, 0)) AS record,
       m.created_at AS at
FROM messages m
WHERE m.sender_kind <> 'system';

CREATE VIEW assignment_fact_records AS
SELECT a.dialog_key, a.seq,
       int8send((extract(epoch FROM a.at) * 1000000)::bigint)
       || int8send((a.seq << 5) | ((CASE WHEN a.to_user_key IS NOT NULL THEN 5 WHEN a.to_bot_key IS NOT NULL THEN 6
                                        ELSE 7 END) << 1))
       || int4send(coalesce(a.to_user_key, a.to_bot_key, 0)) AS record,
       a.at
FROM assignments a;

CREATE VIEW status_change_fact_records AS
SELECT c.dialog_key, c.seq,
       int8send((extract(epoch FROM c.at) * 1000000)::bigint)
       || int8send((c.seq << 5) | ((CASE WHEN c.change = 'reopened' THEN 11 WHEN c.by_kind = 'auto' THEN 1
                                        WHEN c.by_kind = 'user' THEN 8 WHEN c.by_kind = 'bot' THEN 9 ELSE 10 END) << 1))
       || int4send(coalesce(c.by_user_key, c.by_bot_key, 0)) AS record,
       c.at
FROM dialog_status_changes c
WHERE c.change IN ('closed', 'reopened');

CREATE OR REPLACE VIEW dialog_fact_records AS
SELECT dialog_key, seq, record, at FROM message_fact_records
UNION ALL
SELECT dialog_key, seq, record, at FROM assignment_fact_records
UNION ALL
SELECT dialog_key, seq, record, at FROM status_change_fact_records
UNION ALL
SELECT dialog_key, seq, record, at FROM message_status_records;

INSERT INTO dialog_fact_logs AS l (dialog_key, facts, first_at, last_at)
SELECT dialog_key, string_agg(record, ''::bytea ORDER BY seq, record), min(at), max(at)
FROM message_status_records
GROUP BY dialog_key
ON CONFLICT (dialog_key) DO UPDATE SET facts = l.facts || excluded.facts,
    first_at = least(l.first_at, excluded.first_at), last_at = greatest(l.last_at, excluded.last_at);

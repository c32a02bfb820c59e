-- A dialog's privacy acceptance kept in its log (code 13), so that a log's first_at / last_at
-- span every instant the report chooses dialogs by. The chat orders of a period found the
-- dialogs accepted in it through dialog_status_changes_by_time, the last reader of that index
-- (56 MB at 1M dialogs, 8 bytes a stored message, kept up by every batch); an acceptance in the
-- period now moves the log's last_at into it, and the period's orders find those dialogs with
-- the others, by dialog_fact_logs_by_last (queries/extraction/period_chat_orders.sql).
--
-- An acceptance record is not a fact for the engine (the header's privacy_accepted_at is what it
-- reads): instant, `(seq << 5) | (13 << 1)`, key 0. Ingestion appends it like a close
-- (queries/ingest/write.sql through tmp_fact_logs).
CREATE OR REPLACE VIEW dialog_fact_records AS
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
       || int8send((c.seq << 5) | ((CASE WHEN c.change = 'privacy_accepted' THEN 13 WHEN c.change = 'reopened' THEN 11
                                        WHEN c.by_kind = 'auto' THEN 1 WHEN c.by_kind = 'user' THEN 8
                                        WHEN c.by_kind = 'bot' THEN 9 ELSE 10 END) << 1))
       || int4send(coalesce(c.by_user_key, c.by_bot_key, 0)),
       c.at
FROM dialog_status_changes c
WHERE c.change IN ('closed', 'reopened', 'privacy_accepted')
UNION ALL
SELECT r.dialog_key, r.seq, r.record, r.at
FROM message_status_records r;

UPDATE dialog_fact_logs l SET facts = l.facts || a.facts,
    first_at = least(l.first_at, a.first_at), last_at = greatest(l.last_at, a.last_at)
FROM (SELECT c.dialog_key,
             string_agg(int8send((extract(epoch FROM c.at) * 1000000)::bigint) || int8send((c.seq << 5) | (13 << 1))
                        || int4send(coalesce(c.by_user_key, c.by_bot_key, 0)), ''::bytea ORDER BY c.seq) AS facts,
             min(c.at) AS first_at, max(c.at) AS last_at
      FROM dialog_status_changes c
      WHERE c.change = 'privacy_accepted'
      GROUP BY c.dialog_key) a
WHERE l.dialog_key = a.dialog_key;

DROP INDEX dialog_status_changes_by_time;

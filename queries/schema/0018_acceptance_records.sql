-- A dialog's privacy acceptance kept in its log (code 13), so that a log's first_at / last_at
-- span every instant the report chooses dialogs by. The chat orders of a period found the
-- dialogs accepted in it through dialog_status_changes_by_time, the last reader of that index
-- (56 MB at 1M dialogs, 8 bytes a stored message, kept up by every batch); an acceptance in the
-- period now moves the log's last_at into it, and the period's orders find those dialogs with
-- the others, by dialog_fact_logs_by_last (queries/extraction/period_chat_orders.sql).
--
-- An acceptance record is not a fact for the engine (the header's privacy_accepted_at is what it
-- reads): instant, `(seq << 5) | (13 << 1)`, key 0. Ingestion appends it like a close
-- (queries/ingest/write.sql through tmp_fact_logs); status_change_fact_records (0016), part of
-- dialog_fact_records, packs it. The backfill below writes the same bytes from the same view.
CREATE OR REPLACE VIEW status_change_fact_records AS
SELECT c.dialog_key, c.seq,
       int8send((extract(epoch FROM c.at) * 1000000)::bigint)
       || int8send((c.seq << 5) | ((CASE WHEN c.change = 'privacy_accepted' THEN 13 WHEN c.change = 'reopened' THEN 11
                                        WHEN c.by_kind = 'auto' THEN 1 WHEN c.by_kind = 'user' THEN 8
                                        WHEN c.by_kind = 'bot' THEN 9 ELSE 10 END) << 1))
       || int4send(coalesce(c.by_user_key, c.by_bot_key, 0)) AS record,
       c.at
FROM dialog_status_changes c
WHERE c.change IN ('closed', 'reopened', 'privacy_accepted');

UPDATE dialog_fact_logs l SET facts = l.facts || a.facts,
    first_at = least(l.first_at, a.first_at), last_at = greatest(l.last_at, a.last_at)
FROM (SELECT r.dialog_key, string_agg(r.record, ''::bytea ORDER BY r.seq) AS facts,
             min(r.at) AS first_at, max(r.at) AS last_at
      FROM status_change_fact_records r
      WHERE get_byte(r.record, 15) >> 1 & 15 = 13
      GROUP BY r.dialog_key) a
WHERE l.dialog_key = a.dialog_key;

DROP INDEX dialog_status_changes_by_time;

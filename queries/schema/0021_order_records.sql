-- An order created from a dialog kept in its log (code 14), so that a period's report finds the
-- orders of the dialogs it reads without looking for them. A period's cohort (the dialogs that
-- open in it) needs every order of those dialogs by as_of, created before, in or after the
-- period: queries/extraction/period_chat_orders.sql chose candidates through the logs' index on
-- two connections of their own and probed orders_by_dialog for each (at 1M dialogs, a day: 62k
-- log rows, 31k probes a connection for 4.9k orders, ~105 ms of server time each, 0.12 s of the
-- day's 0.43 s wall). The fact workers read the cohort's logs anyway: with a record for each
-- order, a worker knows which of its dialogs have one and looks up those alone, on its own
-- connection (ReportExtraction.streamChatOrders(ofDialogs:)).
--
-- An order record is not a fact for the engine: instant (the order's created_at), `(seq << 5) |
-- (14 << 1)`, key 0. Ingestion appends it with the order (queries/ingest/write.sql through
-- tmp_fact_logs); order_fact_records, part of dialog_fact_records, packs it, and the backfill
-- below writes the same bytes from it. An order never changes dialog (a customer merge moves its
-- customer), so a record stays true.
CREATE VIEW order_fact_records AS
SELECT o.dialog_key, o.seq,
       int8send((extract(epoch FROM o.created_at) * 1000000)::bigint)
       || int8send((o.seq << 5) | (14 << 1))
       || int4send(0) AS record,
       o.created_at AS at
FROM orders o
WHERE o.dialog_key IS NOT NULL;

CREATE OR REPLACE VIEW dialog_fact_records AS
SELECT dialog_key, seq, record, at FROM message_fact_records
UNION ALL
SELECT dialog_key, seq, record, at FROM assignment_fact_records
UNION ALL
SELECT dialog_key, seq, record, at FROM status_change_fact_records
UNION ALL
SELECT dialog_key, seq, record, at FROM message_status_records
UNION ALL
SELECT dialog_key, seq, record, at FROM order_fact_records;

UPDATE dialog_fact_logs l SET facts = l.facts || a.facts,
    first_at = least(l.first_at, a.first_at), last_at = greatest(l.last_at, a.last_at)
FROM (SELECT r.dialog_key, string_agg(r.record, ''::bytea ORDER BY r.seq) AS facts,
             min(r.at) AS first_at, max(r.at) AS last_at
      FROM order_fact_records r
      GROUP BY r.dialog_key) a
WHERE l.dialog_key = a.dialog_key;

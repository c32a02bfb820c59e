-- Ingestion without the whole history in memory (issue 17): the ingester loads, before each
-- batch, only the rows its events reach. What that needs from the schema:

-- 1. The auto-close timer of every open customer dialog, where a query finds the due ones. A
--    dialog closes automatically at its last activity + the time of its class (a responsible
--    user: `auto_close_assigned_s` in effect then; otherwise 30 days), so the row keeps the
--    instant the timer counts from; the class is the dialog's. Only open customer dialogs have
--    a row: the table stays as small as the open dialogs, and `dialogs` keeps its HOT updates.
CREATE TABLE dialog_timers (
    dialog_key     bigint PRIMARY KEY,
    armed_at       timestamptz NOT NULL
);
CREATE INDEX dialog_timers_due ON dialog_timers (armed_at);
INSERT INTO dialog_timers (dialog_key, armed_at)
SELECT dialog_key, last_activity_at FROM dialogs
WHERE status = 'open' AND kind = 'customer' AND last_activity_at IS NOT NULL;

-- 2. A merge moves every dialog and order of the merged customer: found by index. Both columns
--    change only on links and merges, so dialog updates stay HOT.
CREATE INDEX dialogs_by_customer ON dialogs (customer_key) WHERE customer_key IS NOT NULL;
CREATE INDEX orders_by_customer ON orders (customer_key) WHERE customer_key IS NOT NULL;

-- 3. The event ledger keeps a SHA-256 of each event's canonical text instead of the text: 32
--    bytes tell a harmless re-send from a `conflicting_duplicate` as well as the text did (the
--    raw line of every rejected event stays in rejected_events). Its rows are one per event
--    ever ingested, so every byte counts: the wall-clock `ingested_at` (read by nothing) and the
--    unique index on `seq` (handed out by the single writer, looked up by nothing) go too.
ALTER TABLE ingested_events ADD COLUMN digest bytea;
UPDATE ingested_events SET digest = sha256(convert_to(canonical, 'UTF8'));
ALTER TABLE ingested_events ALTER COLUMN digest SET NOT NULL, DROP COLUMN canonical, DROP COLUMN ingested_at,
    DROP CONSTRAINT ingested_events_seq_key;

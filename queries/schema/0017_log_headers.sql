-- Each dialog's log carries the dialog's header (issue 22: a one-day report costs what the day
-- holds). A report reads, for each dialog it needs, the header (channel, id, kind, privacy gate)
-- and the fact log. Kept in two tables, a period's worker probed `dialogs` by key for every
-- chosen dialog (55k probes a worker, 0.28 s of its 0.56 s for a day at 1M dialogs) and the log
-- again for each dialog its choice had found through the log's own index; the history read
-- streamed both tables (0.34 + 0.25 s in psql). With the header in the log row, a period reads each
-- dialog where its choice finds it, and the history streams one table (0.44 s): a prototype at 1M
-- dialogs took a day's worker from 0.75-0.9 s to 0.33-0.39 s (docs/PERFORMANCE.md, "Session 17").
--
-- The header columns copy `dialogs` (channel_key, dialog_id and kind never change; privacy and
-- privacy_accepted_at change at an acceptance): ingestion writes them from the same values as the
-- `dialogs` row, for every dialog a batch touches (queries/ingest/write.sql, merge_tmp_fact_logs),
-- and scripts/ingest-integrity.sql holds them equal. Every dialog has a log row; a dialog
-- without a fact yet has an empty log and no first_at / last_at.
CREATE TABLE dialog_fact_logs_with_headers (
    dialog_key          bigint PRIMARY KEY,
    channel_key         integer,
    dialog_id           text NOT NULL,
    kind                text NOT NULL,
    privacy             text NOT NULL,
    privacy_accepted_at timestamptz,
    facts               bytea NOT NULL CHECK (length(facts) % 20 = 0),
    first_at            timestamptz,
    last_at             timestamptz,
    CHECK ((length(facts) = 0) = (first_at IS NULL) AND (first_at IS NULL) = (last_at IS NULL))
) WITH (fillfactor = 85);

INSERT INTO dialog_fact_logs_with_headers
SELECT d.dialog_key, d.channel_key, d.dialog_id, d.kind, d.privacy, d.privacy_accepted_at,
       coalesce(l.facts, ''::bytea), l.first_at, l.last_at
FROM dialogs d
LEFT JOIN dialog_fact_logs l ON l.dialog_key = d.dialog_key;

DROP TABLE dialog_fact_logs;
ALTER TABLE dialog_fact_logs_with_headers RENAME TO dialog_fact_logs;
ALTER INDEX dialog_fact_logs_with_headers_pkey RENAME TO dialog_fact_logs_pkey;
CREATE INDEX dialog_fact_logs_by_last ON dialog_fact_logs (last_at);

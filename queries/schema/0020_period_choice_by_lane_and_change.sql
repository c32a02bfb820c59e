-- 1. The logs by last fact, with the dialog key's parity (its lane) beside it. A period's fact
-- workers each read the dialogs whose key is theirs modulo the workers
-- (queries/extraction/period_dialog_facts.sql), but found them by `last_at` alone: every worker
-- fetched every chosen log row and dropped the others' (at 1M dialogs, a day's 62k rows and
-- 14.4k heap blocks each, for 31k kept). With the lane in the index, a worker of an even number
-- of workers bitmaps its own lane's entries only (the key's parity is its number's): 31k rows
-- and 9.8k blocks, about a third less of its server time. An odd number of workers takes both
-- lanes (as did the chat orders' cohort, until 0021 let the fact workers read their orders). The lane is the second column, not the first: first, each
-- lane would have its own insertion point, the lower one in the middle of the index, where a
-- full page splits in halves; second, new entries go to the index's end as before, 8 bytes
-- longer each (959-961 bytes a stored message at 300k dialogs against 950-955 without it).
DROP INDEX dialog_fact_logs_by_last;
CREATE INDEX dialog_fact_logs_by_last ON dialog_fact_logs (last_at, (dialog_key % 2));

-- 2. The open dialogs' index carries each one's latest status change instant. A period's second
-- choice (dialogs open at its cut with no fact since) probed the log of every open dialog not
-- held to learn whether the first choice had it already: at 1M dialogs, for a day, 10k probes a
-- worker for about 250 rows. Every status change is stored at the instant of a record of its
-- dialog's log (an opening at its customer message; a close, a reopen and an acceptance are
-- records themselves; scripts/ingest-integrity.sql checks it), so a dialog whose latest change
-- is at or after the cut has a fact there: the first choice has it, or it has no fact before
-- the period's end or by as_of and counts in nothing. Only the entries before the cut (2k of
-- 20k for that day) are probed.
DROP INDEX dialog_status_latest_open;
CREATE INDEX dialog_status_latest_open ON dialog_status_latest (dialog_key) INCLUDE (at)
    WHERE (is_open OR disordered) AND NOT held;


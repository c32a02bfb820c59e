-- dialog_status_latest kept by the ingester instead of a trigger. The trigger
-- (dialog_status_latest_follow, 0009 and 0019) ran three statements over each batch's new
-- dialog_status_changes: a window over the batch's changes sorted per dialog, a probe of `dialogs`
-- per new row for its hold, and two passes over the stored rows. Over the bulk load of a 1M-dialog
-- month it took 30 s of the server's 378 s of statements (pg_stat_statements, session 20), the
-- costliest work of the writing session after the COPY of messages.
--
-- The ingester knows every change of the batch, in ingestion order, and each dialog's kind and
-- privacy: it sums up the changes per dialog (StatusLatest: latest by instant then seq, an open
-- change before a close at the same seq; the earliest instant; out of order within the batch;
-- accepted) and `merge_tmp_status_latest` (queries/ingest/write.sql) moves the stored rows with
-- one UPDATE by key and inserts the new ones. The rows are the same: `disordered` is still "some
-- change is stamped before a change ingested ahead of it", `held` still "internal, or pending
-- under the privacy policy, until an acceptance" (scripts/ingest-integrity.sql recomputes both
-- from dialog_status_changes and `dialogs`).
DROP TRIGGER dialog_status_latest_follow ON dialog_status_changes;
DROP FUNCTION dialog_status_latest_follow();

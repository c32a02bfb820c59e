-- The heap size in blocks of each table dialog_facts.sql reads, in the report's snapshot: the
-- history's workers split each table into block ranges of about the same size
-- (ReportExtraction.TableBlocks). The sizes only balance the workers: the last one reads to the
-- end of every table, so rows in blocks added since are never missed.
SELECT pg_relation_size('dialogs') / current_setting('block_size')::bigint AS dialogs,
       pg_relation_size('messages') / current_setting('block_size')::bigint AS messages,
       pg_relation_size('assignments') / current_setting('block_size')::bigint AS assignments,
       pg_relation_size('dialog_status_changes') / current_setting('block_size')::bigint AS dialog_status_changes

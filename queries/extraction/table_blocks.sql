-- The heap size in blocks of each table dialog_facts.sql reads, in the report's snapshot: the
-- history's workers split the table into block ranges of about the same size
-- (ReportExtraction.TableBlocks). The sizes only balance the workers: the last one reads to the
-- end of the table, so rows in blocks added since are never missed.
SELECT pg_relation_size('dialog_fact_logs') / current_setting('block_size')::bigint AS dialog_fact_logs

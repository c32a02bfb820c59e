-- Tables the report reads whose statistics are missing or stale (more than 10% of rows changed
-- since the last analyse); the report analyses them before extracting.
-- Only the tables the search path resolves to: other schemas of the same database (a benchmark
-- dataset, a test's schema) must not make every report analyse its own tables again.
SELECT relname
FROM pg_stat_user_tables
WHERE relid = ANY (ARRAY['dialogs', 'messages', 'message_statuses', 'assignments', 'dialog_status_changes',
                         'orders', 'order_statuses', 'order_payments', 'time_limit_settings',
                         'chat_settings']::regclass[])
  AND (coalesce(last_analyze, last_autoanalyze) IS NULL OR n_mod_since_analyze > 0.1 * greatest(n_live_tup, 1000))
ORDER BY relname

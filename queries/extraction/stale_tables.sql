-- Tables the report reads whose statistics are missing or stale (more than 10% of rows changed
-- since the last analyse); the report analyses them before extracting.
SELECT relname
FROM pg_stat_user_tables
WHERE relname IN ('dialogs', 'messages', 'message_statuses', 'assignments', 'dialog_status_changes',
                  'orders', 'order_statuses', 'order_payments', 'time_limit_settings', 'chat_settings')
  AND (coalesce(last_analyze, last_autoanalyze) IS NULL OR n_mod_since_analyze > 0.1 * greatest(n_live_tup, 1000))
ORDER BY relname

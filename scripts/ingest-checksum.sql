-- Row counts and content checksums of every table ingestion writes, ignoring wall-clock columns
-- (rejected_at). Two databases with the same output hold the same data.
-- Usage: psql -X -At "$DATABASE_URL" -f scripts/ingest-checksum.sql
SELECT 'ingest_state', 1, md5(t::text) FROM ingest_state t
UNION ALL SELECT 'ingested_events', count(*),
    md5(coalesce(string_agg(concat_ws('|', event_id, seq, accepted, encode(digest, 'hex')), ',' ORDER BY seq), ''))
    FROM ingested_events
UNION ALL SELECT 'rejected_events', count(*),
    md5(coalesce(string_agg(concat_ws('|', seq, event_id, source, line_number, code, message, raw_line, raw_digest,
        stage), ',' ORDER BY seq), '')) FROM rejected_events
UNION ALL SELECT 'stores', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM stores t
UNION ALL SELECT 'channels', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM channels t
UNION ALL SELECT 'users', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM users t
UNION ALL SELECT 'bots', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM bots t
UNION ALL SELECT 'customers', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM customers t
UNION ALL SELECT 'customer_merges', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM customer_merges t
UNION ALL SELECT 'contacts', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM contacts t
UNION ALL SELECT 'dialogs', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM dialogs t
UNION ALL SELECT 'quick_replies', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM quick_replies t
UNION ALL SELECT 'messages', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM messages t
UNION ALL SELECT 'message_attachments', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM message_attachments t
UNION ALL SELECT 'message_statuses', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM message_statuses t
UNION ALL SELECT 'message_edits', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM message_edits t
UNION ALL SELECT 'assignments', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM assignments t
UNION ALL SELECT 'dialog_status_changes', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM dialog_status_changes t
-- A log's records in sorted order: where a batch appends status records among the others depends
-- on where batches end (queries/schema/0016_status_records.sql); readers sort a dialog's facts.
UNION ALL SELECT 'dialog_fact_logs', count(*), md5(coalesce(string_agg(t.line, ',' ORDER BY t.line), ''))
    FROM (SELECT concat_ws('|', l.dialog_key, l.channel_key, l.dialog_id, l.kind, l.privacy, l.privacy_accepted_at,
                           l.first_at, l.last_at,
                           (SELECT string_agg(substring(l.facts FROM i * 20 + 1 FOR 20)::text, ''
                                              ORDER BY substring(l.facts FROM i * 20 + 1 FOR 20))
                            FROM generate_series(0, length(l.facts) / 20 - 1) i)) AS line
          FROM dialog_fact_logs l) t
UNION ALL SELECT 'dialog_links', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM dialog_links t
UNION ALL SELECT 'drafts', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM drafts t
UNION ALL SELECT 'time_limit_settings', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM time_limit_settings t
UNION ALL SELECT 'chat_settings', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM chat_settings t
UNION ALL SELECT 'orders', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM orders t
UNION ALL SELECT 'order_items', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM order_items t
UNION ALL SELECT 'order_statuses', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM order_statuses t
UNION ALL SELECT 'order_payments', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM order_payments t
UNION ALL SELECT 'tasks', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM tasks t
UNION ALL SELECT 'internal_participants', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM internal_participants t
UNION ALL SELECT 'dialog_timers', count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))
    FROM dialog_timers t;

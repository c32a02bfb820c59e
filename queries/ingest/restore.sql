-- Ingestion: what `chatsla ingest` reads at start to rebuild the domain state (SPEC §1).
-- Each statement is named by the comment line above it and streams with COPY … TO STDOUT (text).
-- Instants are read as microseconds since the Unix epoch; lists are joined with chr(31).
-- Cost: on demand (the default) only ingest_state, the largest keys and the small tables (stores,
-- channels, users, bots, quick replies, settings); the rest is load.sql's, per batch. With the
-- whole history: one pass over every table except messages and the histories of messages (loaded
-- lazily, only the messages a batch references), so a restart is O(entities + dialogs + settings).

-- name: lock
SELECT pg_try_advisory_lock(7417002);

-- name: ingest_state
-- The last column says whether any event was ingested (0 or 1: no count over the ledger).
SELECT coalesce((extract(epoch FROM clock_at) * 1000000)::bigint, -9223372036854775808), last_seq, round_robin,
       (SELECT coalesce(max(message_key), 0) FROM messages),
       (SELECT count(*) FROM (SELECT 1 FROM ingested_events LIMIT 1) AS any_event)
FROM ingest_state;

-- name: stores
COPY (SELECT store_key, store_id, name FROM stores ORDER BY store_key) TO STDOUT;

-- name: channels
COPY (SELECT c.channel_key, c.channel_id, c.name, c.kind, s.store_id
      FROM channels c LEFT JOIN stores s USING (store_key) ORDER BY c.channel_key) TO STDOUT;

-- name: users
COPY (SELECT user_key, user_id, name, chat_access, admin, chat_admin, active FROM users ORDER BY user_key) TO STDOUT;

-- name: bots
COPY (SELECT bot_key, bot_id, name FROM bots ORDER BY bot_key) TO STDOUT;

-- name: customers
COPY (SELECT c.customer_key, c.customer_id, c.name, c.phone, c.email, c.address, c.vip, c.bad, m.customer_id
      FROM customers c LEFT JOIN customers m ON m.customer_key = c.merged_into ORDER BY c.customer_key) TO STDOUT;

-- name: contacts
COPY (SELECT k.contact_key, ch.channel_id, k.contact_id, cu.customer_id
      FROM contacts k JOIN channels ch USING (channel_key) LEFT JOIN customers cu USING (customer_key)
      ORDER BY k.contact_key) TO STDOUT;

-- name: quick_replies
COPY (SELECT quick_reply_key, quick_reply_id, command, text, category FROM quick_replies ORDER BY quick_reply_key)
TO STDOUT;

-- name: dialogs
COPY (SELECT d.dialog_key, d.dialog_id, d.kind, ch.channel_id, k.contact_id, cu.customer_id, d.status = 'open',
             (extract(epoch FROM d.opened_at) * 1000000)::bigint,
             (extract(epoch FROM d.closed_at) * 1000000)::bigint,
             d.privacy, (extract(epoch FROM d.privacy_accepted_at) * 1000000)::bigint, d.bot_blocked,
             u.user_id, b.bot_id, (extract(epoch FROM d.last_activity_at) * 1000000)::bigint, d.unread_count,
             (SELECT string_agg(fu.user_id, chr(31) ORDER BY f.ordinality)
              FROM unnest(d.former_responsible_user_keys) WITH ORDINALITY AS f (user_key, ordinality)
              JOIN users fu ON fu.user_key = f.user_key),
             (SELECT string_agg(pu.user_id, chr(31) ORDER BY pu.user_key)
              FROM internal_participants p JOIN users pu USING (user_key) WHERE p.dialog_key = d.dialog_key)
      FROM dialogs d
      LEFT JOIN channels ch USING (channel_key)
      LEFT JOIN contacts k USING (contact_key)
      LEFT JOIN customers cu ON cu.customer_key = d.customer_key
      LEFT JOIN users u ON u.user_key = d.responsible_user_key
      LEFT JOIN bots b ON b.bot_key = d.responsible_bot_key
      ORDER BY d.dialog_key) TO STDOUT;

-- name: drafts
COPY (SELECT d.dialog_id, u.user_id FROM drafts JOIN dialogs d USING (dialog_key) JOIN users u USING (user_key))
TO STDOUT;

-- name: orders
COPY (SELECT o.order_key, o.order_id, o.number, d.dialog_id, cu.customer_id, s.store_id, o.total::text,
             (SELECT st.status FROM order_statuses st WHERE st.order_key = o.order_key ORDER BY st.seq DESC LIMIT 1)
      FROM orders o
      LEFT JOIN dialogs d USING (dialog_key)
      LEFT JOIN customers cu ON cu.customer_key = o.customer_key
      LEFT JOIN stores s ON s.store_key = o.store_key
      ORDER BY o.order_key) TO STDOUT;

-- name: payments
COPY (SELECT DISTINCT ON (p.order_key, p.payment_id) o.order_id, p.payment_id, p.method, p.amount::text, p.paid
      FROM order_payments p JOIN orders o USING (order_key)
      ORDER BY p.order_key, p.payment_id, p.seq DESC) TO STDOUT;

-- name: tasks
COPY (SELECT t.task_key, t.task_id, t.text, (extract(epoch FROM t.due) * 1000000)::bigint, u.user_id, o.order_id,
             cu.customer_id, a.user_id, ab.bot_id, (extract(epoch FROM t.created_at) * 1000000)::bigint,
             (extract(epoch FROM t.completed_at) * 1000000)::bigint
      FROM tasks t
      LEFT JOIN users u ON u.user_key = t.responsible_user_key
      LEFT JOIN orders o ON o.order_key = t.order_key
      LEFT JOIN customers cu ON cu.customer_key = t.customer_key
      LEFT JOIN users a ON a.user_key = t.author_user_key
      LEFT JOIN bots ab ON ab.bot_key = t.author_bot_key
      ORDER BY t.task_key) TO STDOUT;

-- name: time_limits
COPY (SELECT ch.channel_id, t.warning_s, t.processing_s, (extract(epoch FROM t.effective_at) * 1000000)::bigint,
             t.seq
      FROM time_limit_settings t LEFT JOIN channels ch USING (channel_key)
      ORDER BY t.seq) TO STDOUT;

-- name: chat_settings
COPY (SELECT (extract(epoch FROM s.effective_at) * 1000000)::bigint, u.user_id, s.auto_close_assigned_s,
             array_to_string(s.default_responsible, chr(31)), s.privacy_enabled, s.privacy_text, s.privacy_url,
             array_to_string(s.privacy_excluded_channels, chr(31)),
             (extract(epoch FROM s.privacy_enabled_since) * 1000000)::bigint,
             s.widget_order, s.widget_products, s.widget_tasks, s.order_method, s.order_type,
             s.first_responder_takes_dialog, s.bot_replies_stop_clock, s.clock_start
      FROM chat_settings s LEFT JOIN users u ON u.user_key = s.set_by_user_key
      ORDER BY s.seq) TO STDOUT;

-- name: seen_events
-- By the ledger's key (length, id) (schema 0012), one probe per id.
SELECT e.event_id, e.digest
FROM unnest($1::text[]) AS k(id)
CROSS JOIN LATERAL (SELECT e.event_id, e.digest FROM ingested_events e
                    WHERE length(e.event_id) = length(k.id) AND e.event_id = k.id OFFSET 0) e;

-- name: seen_rejected_lines
SELECT raw_digest FROM rejected_events WHERE stage <> 'rules' AND raw_digest = ANY($1::text[]);

-- name: messages
-- blocked_by_contact: a send stored failed with `bot_blocked` from its creation (such a message
-- never gets a status row: its status is final).
SELECT m.message_key, m.message_id, d.dialog_id, m.sender_kind, m.status,
       (m.failure_reason = 'bot_blocked' AND m.status = 'failed'
        AND NOT EXISTS (SELECT 1 FROM message_statuses s WHERE s.message_key = m.message_key)) AS blocked_by_contact
FROM unnest($1::text[]) AS k(id)
CROSS JOIN LATERAL (SELECT m.* FROM messages m
                    WHERE length(m.message_id) = length(k.id) AND m.message_id = k.id OFFSET 0) m
JOIN dialogs d USING (dialog_key);

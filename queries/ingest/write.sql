-- Ingestion: how one batch of events is written, all inside one transaction (SPEC §4 `ingest`).
-- Rows that only grow (messages, histories, the event ledger) are COPYed straight into their
-- tables; rows that change (entities, dialogs, current message status, drafts, tasks) are
-- COPYed into session temp tables emptied at each commit, then merged with one statement per
-- table. Surrogate keys are handed out by the ingester (a single writer, see `lock`), so a
-- fact can reference a row of the same batch without a round trip.

-- name: temp_tables
-- Commits of this session do not wait for the WAL flush: each batch is still atomic, and a batch
-- lost to a server crash right after its commit is simply ingested again by the re-run (its
-- events are not in ingested_events either). Client crashes are not affected at all.
SET synchronous_commit = off;
CREATE TEMP TABLE IF NOT EXISTS tmp_stores (LIKE stores) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_channels (LIKE channels) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_users (LIKE users) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_bots (LIKE bots) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_customers (LIKE customers) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_contacts (LIKE contacts) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_quick_replies (LIKE quick_replies) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_dialogs (LIKE dialogs) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_participants (LIKE internal_participants) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_drafts (LIKE drafts, deleted boolean NOT NULL) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_tasks (LIKE tasks) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_message_updates (
    message_key bigint PRIMARY KEY, status text, failure_reason text, edited_at timestamptz
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_order_customers (order_key bigint PRIMARY KEY, customer_key bigint) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_fact_logs (
    dialog_key bigint PRIMARY KEY, channel_key integer, dialog_id text, kind text, privacy text,
    privacy_accepted_at timestamptz, facts bytea NOT NULL, first_at timestamptz, last_at timestamptz
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_status_messages (message_key bigint PRIMARY KEY, first_seq bigint NOT NULL)
ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_status_latest (
    dialog_key bigint PRIMARY KEY, at timestamptz NOT NULL, seq bigint NOT NULL, is_open boolean NOT NULL,
    disordered boolean NOT NULL, earliest timestamptz NOT NULL, accepted boolean NOT NULL, held boolean NOT NULL
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tmp_ingest_state (
    clock_us bigint NOT NULL, last_seq bigint NOT NULL, round_robin bigint NOT NULL, accepted bigint NOT NULL,
    refused bigint NOT NULL
) ON COMMIT DELETE ROWS;

-- name: copy_tmp_stores
COPY tmp_stores (store_key, store_id, name, created_at, updated_at) FROM STDIN;
-- name: copy_tmp_channels
COPY tmp_channels (channel_key, channel_id, name, kind, store_key, created_at, updated_at) FROM STDIN;
-- name: copy_tmp_users
COPY tmp_users (user_key, user_id, name, chat_access, admin, chat_admin, active, created_at, updated_at) FROM STDIN;
-- name: copy_tmp_bots
COPY tmp_bots (bot_key, bot_id, name, created_at) FROM STDIN;
-- name: copy_tmp_customers
COPY tmp_customers (customer_key, customer_id, name, phone, email, address, vip, bad, merged_into, created_at,
                    updated_at) FROM STDIN;
-- name: copy_tmp_contacts
COPY tmp_contacts (contact_key, channel_key, contact_id, customer_key, first_seen_at) FROM STDIN;
-- name: copy_tmp_quick_replies
COPY tmp_quick_replies (quick_reply_key, quick_reply_id, command, text, category, updated_by_user_key, updated_at)
FROM STDIN;
-- name: copy_tmp_dialogs
COPY tmp_dialogs (dialog_key, dialog_id, kind, channel_key, contact_key, customer_key, status, privacy,
                  privacy_accepted_at, responsible_user_key, responsible_bot_key, opened_at, closed_at,
                  last_activity_at, created_seq, bot_blocked, unread_count, former_responsible_user_keys) FROM STDIN;
-- name: copy_tmp_participants
COPY tmp_participants (dialog_key, user_key) FROM STDIN;
-- name: copy_tmp_drafts
COPY tmp_drafts (dialog_key, user_key, text, saved_at, deleted) FROM STDIN;
-- name: copy_tmp_tasks
COPY tmp_tasks (task_key, task_id, text, due, responsible_user_key, order_key, customer_key, author_user_key,
                author_bot_key, created_at, completed_at, completed_by_user_key) FROM STDIN;
-- name: copy_tmp_message_updates
COPY tmp_message_updates (message_key, status, failure_reason, edited_at) FROM STDIN;
-- name: copy_tmp_order_customers
COPY tmp_order_customers (order_key, customer_key) FROM STDIN;
-- name: copy_tmp_fact_logs
COPY tmp_fact_logs (dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at, facts, first_at, last_at)
FROM STDIN;
-- name: copy_tmp_status_messages
COPY tmp_status_messages (message_key, first_seq) FROM STDIN;
-- name: copy_tmp_status_latest
COPY tmp_status_latest (dialog_key, at, seq, is_open, disordered, earliest, accepted, held) FROM STDIN;

-- name: copy_messages
COPY messages (message_key, message_id, dialog_key, seq, created_at, sender_kind, sender_contact_key,
               sender_user_key, sender_bot_key, text, quote_message_key, quick_reply_key, status, failure_reason,
               edited_at) FROM STDIN;
-- name: copy_message_attachments
COPY message_attachments (message_key, position, name, size_bytes, mime) FROM STDIN;
-- name: copy_message_statuses
COPY message_statuses (message_key, seq, at, status, error) FROM STDIN;
-- name: copy_message_edits
COPY message_edits (message_key, seq, at, text) FROM STDIN;
-- name: copy_assignments
COPY assignments (dialog_key, seq, at, from_user_key, from_bot_key, to_user_key, to_bot_key, by_kind, by_user_key,
                  by_bot_key, reason, position) FROM STDIN;
-- name: copy_dialog_status_changes
COPY dialog_status_changes (dialog_key, seq, at, change, by_kind, by_user_key, by_bot_key, auto_rule, position)
FROM STDIN;
-- name: copy_dialog_links
COPY dialog_links (dialog_key, seq, at, customer_key, by_user_key) FROM STDIN;
-- name: copy_user_versions
COPY user_versions (user_key, seq, effective_at, name, chat_access, admin, chat_admin, active) FROM STDIN;
-- name: copy_channel_versions
COPY channel_versions (channel_key, seq, effective_at, name, kind, store_key) FROM STDIN;
-- name: copy_customer_merges
COPY customer_merges (seq, at, by_user_key, customer_key, into_key) FROM STDIN;
-- name: copy_time_limit_settings
COPY time_limit_settings (seq, effective_at, channel_key, warning_s, processing_s, set_by_user_key) FROM STDIN;
-- name: copy_business_hours_settings
COPY business_hours_settings (seq, effective_at, channel_key, set_by_user_key, tz, week, holidays) FROM STDIN;
-- name: copy_chat_settings
COPY chat_settings (seq, effective_at, set_by_user_key, auto_close_assigned_s, default_responsible, privacy_enabled,
                    privacy_text, privacy_url, privacy_excluded_channels, privacy_enabled_since, widget_order,
                    widget_products, widget_tasks, order_method, order_type, first_responder_takes_dialog,
                    bot_replies_stop_clock, clock_start) FROM STDIN;
-- name: copy_orders
COPY orders (order_key, order_id, number, dialog_key, customer_key, store_key, created_by_user_key, created_at, seq,
             delivery_type, delivery_cost, total) FROM STDIN;
-- name: copy_order_items
COPY order_items (order_key, offer, quantity, unit_price) FROM STDIN;
-- name: copy_order_statuses
COPY order_statuses (order_key, seq, at, status, by_user_key) FROM STDIN;
-- name: copy_order_payments
COPY order_payments (order_key, payment_id, seq, at, method, amount, paid) FROM STDIN;
-- name: copy_ingested_events
COPY ingested_events (seq, accepted, event_id, digest) FROM STDIN;
-- name: copy_rejected_events
COPY rejected_events (seq, event_id, source, line_number, code, message, raw_line, raw_digest, stage) FROM STDIN;

-- name: merge_tmp_stores
-- Each temp table a batch wrote rows to is merged by its own statement (`merge_<temp table>`), in
-- this file's order (a row may reference one merged before it); a table the batch left empty is
-- not merged at all, so that a small transaction of `chatsla serve` plans and runs only the
-- statements that can change a row.
INSERT INTO stores SELECT * FROM tmp_stores
ON CONFLICT (store_key) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at;
-- name: merge_tmp_channels
INSERT INTO channels SELECT * FROM tmp_channels
ON CONFLICT (channel_key) DO UPDATE SET name = excluded.name, kind = excluded.kind, store_key = excluded.store_key,
    updated_at = excluded.updated_at;
-- name: merge_tmp_users
INSERT INTO users SELECT * FROM tmp_users
ON CONFLICT (user_key) DO UPDATE SET name = excluded.name, chat_access = excluded.chat_access,
    admin = excluded.admin, chat_admin = excluded.chat_admin, active = excluded.active,
    updated_at = excluded.updated_at;
-- name: merge_tmp_bots
INSERT INTO bots SELECT * FROM tmp_bots ON CONFLICT (bot_key) DO UPDATE SET name = excluded.name;
-- name: merge_tmp_customers
INSERT INTO customers SELECT * FROM tmp_customers
ON CONFLICT (customer_key) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
    address = excluded.address, vip = excluded.vip, bad = excluded.bad, merged_into = excluded.merged_into,
    updated_at = excluded.updated_at;
-- name: merge_tmp_contacts
INSERT INTO contacts SELECT * FROM tmp_contacts
ON CONFLICT (contact_key) DO UPDATE SET customer_key = excluded.customer_key;
-- name: merge_tmp_quick_replies
INSERT INTO quick_replies SELECT * FROM tmp_quick_replies
ON CONFLICT (quick_reply_key) DO UPDATE SET command = excluded.command, text = excluded.text,
    category = excluded.category, updated_by_user_key = excluded.updated_by_user_key,
    updated_at = excluded.updated_at;
-- name: merge_tmp_dialogs
INSERT INTO dialogs SELECT * FROM tmp_dialogs
ON CONFLICT (dialog_key) DO UPDATE SET customer_key = excluded.customer_key, status = excluded.status,
    privacy = excluded.privacy, privacy_accepted_at = excluded.privacy_accepted_at,
    responsible_user_key = excluded.responsible_user_key, responsible_bot_key = excluded.responsible_bot_key,
    opened_at = excluded.opened_at, closed_at = excluded.closed_at, last_activity_at = excluded.last_activity_at,
    bot_blocked = excluded.bot_blocked, unread_count = excluded.unread_count,
    former_responsible_user_keys = excluded.former_responsible_user_keys;
-- The auto-close timers of open customer dialogs and their class (see 0004_state_on_demand.sql,
-- 0014_timers_by_class.sql).
DELETE FROM dialog_timers t USING tmp_dialogs d
WHERE t.dialog_key = d.dialog_key AND NOT (d.status = 'open' AND d.kind = 'customer');
INSERT INTO dialog_timers (dialog_key, armed_at, held_by_user)
SELECT dialog_key, last_activity_at, responsible_user_key IS NOT NULL FROM tmp_dialogs
WHERE status = 'open' AND kind = 'customer'
ON CONFLICT (dialog_key) DO UPDATE SET armed_at = excluded.armed_at, held_by_user = excluded.held_by_user
WHERE (dialog_timers.armed_at, dialog_timers.held_by_user) IS DISTINCT FROM (excluded.armed_at, excluded.held_by_user);
-- name: merge_tmp_participants
INSERT INTO internal_participants SELECT * FROM tmp_participants ON CONFLICT DO NOTHING;

-- name: merge_tmp_message_updates
-- A NULL status means the batch only edited the message: status and reason stay. The messages are
-- found by their keys as an array (an index probe each): the planner knows nothing of a temp
-- table's rows and, on a small `messages`, chose to read it whole and hash it (1 ms for a few
-- rows, the costliest statement of a `chatsla serve` request).
UPDATE messages m SET status = coalesce(u.status, m.status),
    failure_reason = CASE WHEN u.status IS NULL THEN m.failure_reason ELSE u.failure_reason END,
    edited_at = coalesce(u.edited_at, m.edited_at)
FROM tmp_message_updates u
WHERE m.message_key = ANY (ARRAY(SELECT message_key FROM tmp_message_updates)) AND m.message_key = u.message_key;
-- name: merge_tmp_order_customers
UPDATE orders o SET customer_key = u.customer_key FROM tmp_order_customers u
WHERE o.order_key = ANY (ARRAY(SELECT order_key FROM tmp_order_customers)) AND o.order_key = u.order_key;
-- name: merge_tmp_fact_logs
-- The batch's facts appended to their dialogs' logs (queries/schema/0015_dialog_fact_logs.sql),
-- with the header of every dialog the batch touched, the values of its `dialogs` row (0017: only
-- the privacy gate ever changes after the dialog's creation). A dialog given facts but no header
-- (stored without the dialog being touched: nothing does that today) keeps its header, through
-- the UPDATE: an INSERT's NOT NULL checks come before its conflict is found.
INSERT INTO dialog_fact_logs AS l (dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at, facts,
                                   first_at, last_at)
SELECT dialog_key, channel_key, dialog_id, kind, privacy, privacy_accepted_at, facts, first_at, last_at
FROM tmp_fact_logs WHERE dialog_id IS NOT NULL
ON CONFLICT (dialog_key) DO UPDATE SET facts = l.facts || excluded.facts,
    first_at = least(l.first_at, excluded.first_at), last_at = greatest(l.last_at, excluded.last_at),
    privacy = excluded.privacy, privacy_accepted_at = excluded.privacy_accepted_at
-- A dialog touched without a new fact (its bot blocked, a link) keeps its row unless its gate moved.
WHERE length(excluded.facts) > 0
   OR (l.privacy, l.privacy_accepted_at) IS DISTINCT FROM (excluded.privacy, excluded.privacy_accepted_at);
UPDATE dialog_fact_logs l SET facts = l.facts || t.facts,
    first_at = least(l.first_at, t.first_at), last_at = greatest(l.last_at, t.last_at)
FROM tmp_fact_logs t WHERE t.dialog_id IS NULL AND l.dialog_key = t.dialog_key;
-- name: merge_tmp_status_messages
-- The status records of the batch's statuses (queries/schema/0016_status_records.sql), after
-- merge_tmp_fact_logs: tmp_status_messages holds each message given a status by the batch that
-- may have one to log (a message stored by the batch without a `failed` status in it has none),
-- with the seq of its first status in the batch. A message with a `failed` status logs the
-- batch's statuses, and all its earlier ones too when none of those was `failed` (its first
-- `failed` status is in this batch); every dialog has its log row by then (schema 0017). Each
-- message is looked up by key (LATERAL … OFFSET 0: the temp table has no statistics, and a hash
-- join would read message_statuses whole); most have no `failed` status, one probe of the
-- partial index message_statuses_failed.
UPDATE dialog_fact_logs l SET facts = l.facts || n.facts,
    first_at = least(l.first_at, n.first_at), last_at = greatest(l.last_at, n.last_at)
FROM (SELECT r.dialog_key, string_agg(r.record, ''::bytea ORDER BY r.seq, r.record) AS facts,
             min(r.at) AS first_at, max(r.at) AS last_at
      FROM tmp_status_messages t
      CROSS JOIN LATERAL (SELECT bool_or(f.seq < t.first_seq) AS before
                          FROM message_statuses f WHERE f.message_key = t.message_key AND f.status = 'failed'
                          HAVING count(*) > 0 OFFSET 0) f
      CROSS JOIN LATERAL (SELECT r.dialog_key, r.seq, r.record, r.at FROM message_status_records r
                          WHERE r.message_key = t.message_key AND (r.seq >= t.first_seq OR NOT f.before)
                          OFFSET 0) r
      GROUP BY r.dialog_key) n
WHERE l.dialog_key = n.dialog_key;
-- name: merge_tmp_status_latest
-- Each dialog's latest status change (queries/schema/0009, 0019, 0022), moved by the batch's
-- changes as the ingester summed them up per dialog (StatusLatest): the latest by (at, seq), an
-- open change before a close at the same instant and seq; out of time order once a change is
-- stamped before one ingested ahead of it (in the batch, or the stored latest); no longer held once
-- the customer accepts. A dialog without a row yet gets one, held as its `dialogs` row says. The
-- rows are found by their keys as an array (see merge_tmp_message_updates).
UPDATE dialog_status_latest l
SET at = CASE WHEN (t.at, t.seq, t.is_open) > (l.at, l.seq, l.is_open) THEN t.at ELSE l.at END,
    seq = CASE WHEN (t.at, t.seq, t.is_open) > (l.at, l.seq, l.is_open) THEN t.seq ELSE l.seq END,
    is_open = CASE WHEN (t.at, t.seq, t.is_open) > (l.at, l.seq, l.is_open) THEN t.is_open ELSE l.is_open END,
    disordered = l.disordered OR t.disordered OR t.earliest < l.at,
    held = l.held AND NOT t.accepted
FROM tmp_status_latest t
WHERE l.dialog_key = ANY (ARRAY(SELECT dialog_key FROM tmp_status_latest)) AND l.dialog_key = t.dialog_key
  AND ((t.at, t.seq, t.is_open) > (l.at, l.seq, l.is_open)
       OR (NOT l.disordered AND (t.disordered OR t.earliest < l.at)) OR (l.held AND t.accepted));
INSERT INTO dialog_status_latest (dialog_key, at, seq, is_open, disordered, held)
SELECT dialog_key, at, seq, is_open, disordered, held FROM tmp_status_latest
ON CONFLICT (dialog_key) DO NOTHING;
-- name: merge_tmp_drafts
DELETE FROM drafts d USING tmp_drafts t WHERE t.deleted AND d.dialog_key = t.dialog_key AND d.user_key = t.user_key;
INSERT INTO drafts SELECT dialog_key, user_key, text, saved_at FROM tmp_drafts WHERE NOT deleted
ON CONFLICT (dialog_key, user_key) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at;
-- name: merge_tmp_tasks
INSERT INTO tasks SELECT * FROM tmp_tasks
ON CONFLICT (task_key) DO UPDATE SET completed_at = excluded.completed_at,
    completed_by_user_key = excluded.completed_by_user_key;

-- name: save_state
-- One row (clock in µs since the epoch, the minimum for none; last seq; round-robin cursor; the
-- batch's accepted and refused events) copied in, so that the whole transaction is one script
-- without parameters (see BatchWrite.run).
COPY tmp_ingest_state (clock_us, last_seq, round_robin, accepted, refused) FROM STDIN;
-- The clock goes through whole seconds and the microseconds apart: `bigint * interval` multiplies
-- in double precision, which cannot hold every microsecond beyond the year 2255.
UPDATE ingest_state SET clock_at = CASE WHEN s.clock_us = -9223372036854775808 THEN NULL
                                        ELSE to_timestamp(0) + (s.clock_us / 1000000) * interval '1 second'
                                             + (s.clock_us % 1000000) * interval '1 microsecond' END,
                        last_seq = s.last_seq, round_robin = s.round_robin,
                        accepted_events = accepted_events + s.accepted, refused_events = refused_events + s.refused
FROM tmp_ingest_state s;

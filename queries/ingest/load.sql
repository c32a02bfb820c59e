-- Ingestion with the state on demand (issue 17): what one batch's events reach, loaded before
-- the batch is applied. `load_begin` opens a snapshot; `load_due` gives the ids of the open
-- dialogs falling due (the ingester keeps those it does not hold); `load_named` (one statement,
-- the batch's ids as arrays) puts the keys of the rows the events name into session temp tables,
-- `load_reach` adds what the rules reach from them, and each `load_*` COPY streams the rows in the same
-- columns as restore.sql. The temp tables empty themselves at `load_end` (ON COMMIT DELETE ROWS);
-- a `chatsla serve` session runs the same statements without a transaction (load_forget_wanted).
-- Cost: index lookups per named id; no scan of a history table.

-- name: load_tables
CREATE TEMP TABLE IF NOT EXISTS want_dialogs (dialog_key bigint PRIMARY KEY) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS want_contacts (contact_key bigint PRIMARY KEY) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS want_customers (customer_key bigint PRIMARY KEY) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS want_orders (order_key bigint PRIMARY KEY) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS want_tasks (task_key bigint PRIMARY KEY) ON COMMIT DELETE ROWS;

-- name: max_keys
-- New rows get keys above every stored one, whichever rows are in memory.
SELECT (SELECT coalesce(max(customer_key), 0) FROM customers), (SELECT coalesce(max(contact_key), 0) FROM contacts),
       (SELECT coalesce(max(dialog_key), 0) FROM dialogs), (SELECT coalesce(max(order_key), 0) FROM orders),
       (SELECT coalesce(max(task_key), 0) FROM tasks);

-- name: load_begin
BEGIN ISOLATION LEVEL REPEATABLE READ;

-- name: load_due
-- The ids of the open customer dialogs whose auto-close timer ran out by the batch's end: $1/$2 the
-- due bounds in µs since the epoch for dialogs held by a user / every other open dialog; $3/$4 the
-- bounds through which every open dialog due is held already (the last load's, else the earliest
-- instant); $5 the lowest key of the dialogs the ingester holds every one of (it created them).
-- One range of dialog_timers_due per class (schema 0014). The ingester keeps the ids it does not
-- hold and names them to load_named with the batch's own: before session 20 every open dialog due
-- by the batch's end was loaded whole, held or not, and 81% of the dialogs a 300k month's bulk load
-- read were held already (107k of 131k), with their contacts and customers.
SELECT d.dialog_id FROM dialog_timers t JOIN dialogs d USING (dialog_key)
WHERE t.held_by_user AND t.dialog_key < $5::bigint
  AND t.armed_at > to_timestamp(0) + $3::bigint * interval '1 microsecond'
  AND t.armed_at <= to_timestamp(0) + $1::bigint * interval '1 microsecond'
UNION ALL
SELECT d.dialog_id FROM dialog_timers t JOIN dialogs d USING (dialog_key)
WHERE NOT t.held_by_user AND t.dialog_key < $5::bigint
  AND t.armed_at > to_timestamp(0) + $4::bigint * interval '1 microsecond'
  AND t.armed_at <= to_timestamp(0) + $2::bigint * interval '1 microsecond';

-- name: load_named
-- $1 dialog ids (the batch's and the due ones, load_due); $2/$3 contacts as (channel id, contact
-- id) pairs; $4 customer ids; $5 order ids; $6 task ids; $7 customers merged (either side): all
-- their dialogs and orders move.
-- Returns how many dialogs, contacts, customers, orders and tasks were found: the ingester skips
-- load_reach and the COPY streams that cannot find a row.
-- Each contact is looked up by its whole key (LATERAL … OFFSET 0). Joined as a plain table, the
-- planner, guessing a few contacts a channel from statistics of a table still being filled,
-- probed contacts by channel alone and filtered the rest: 42,003 rows read for 88 pairs, 11 of an
-- 11.4 ms statement; over `bench serve`'s batches of 100, load_named took 2.1 s instead of 0.35 s.
WITH dialogs_named AS (
    INSERT INTO want_dialogs
    SELECT dialog_key FROM dialogs WHERE dialog_id = ANY($1::text[])
    UNION
    SELECT d.dialog_key FROM customers c JOIN dialogs d ON d.customer_key = c.customer_key
    WHERE c.customer_id = ANY($7::text[])
    RETURNING 1
), contacts_named AS (
    INSERT INTO want_contacts
    SELECT DISTINCT k.contact_key FROM unnest($2::text[], $3::text[]) AS w (channel_id, contact_id)
    JOIN channels ch ON ch.channel_id = w.channel_id
    CROSS JOIN LATERAL (SELECT k.contact_key FROM contacts k
                        WHERE k.channel_key = ch.channel_key AND k.contact_id = w.contact_id OFFSET 0) k
    RETURNING 1
), customers_named AS (
    INSERT INTO want_customers
    SELECT customer_key FROM customers WHERE customer_id = ANY($4::text[]) OR customer_id = ANY($7::text[])
    RETURNING 1
), orders_named AS (
    INSERT INTO want_orders
    SELECT order_key FROM orders WHERE order_id = ANY($5::text[])
    UNION
    SELECT o.order_key FROM customers c JOIN orders o ON o.customer_key = c.customer_key
    WHERE c.customer_id = ANY($7::text[])
    RETURNING 1
), tasks_named AS (
    INSERT INTO want_tasks SELECT task_key FROM tasks WHERE task_id = ANY($6::text[]) RETURNING 1
)
SELECT (SELECT count(*) FROM dialogs_named), (SELECT count(*) FROM contacts_named),
       (SELECT count(*) FROM customers_named), (SELECT count(*) FROM orders_named),
       (SELECT count(*) FROM tasks_named);

-- name: load_reach
-- What the rules reach from the named rows: a task's order and customer; an order's dialog and
-- customer; a dialog's contact and customer; a contact's customer; every customer's merge chain.
INSERT INTO want_orders SELECT t.order_key FROM tasks t JOIN want_tasks USING (task_key)
WHERE t.order_key IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO want_customers SELECT t.customer_key FROM tasks t JOIN want_tasks USING (task_key)
WHERE t.customer_key IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO want_dialogs SELECT o.dialog_key FROM orders o JOIN want_orders USING (order_key)
WHERE o.dialog_key IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO want_customers SELECT o.customer_key FROM orders o JOIN want_orders USING (order_key)
WHERE o.customer_key IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO want_contacts SELECT d.contact_key FROM dialogs d JOIN want_dialogs USING (dialog_key)
WHERE d.contact_key IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO want_customers SELECT d.customer_key FROM dialogs d JOIN want_dialogs USING (dialog_key)
WHERE d.customer_key IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO want_customers SELECT k.customer_key FROM contacts k JOIN want_contacts USING (contact_key)
WHERE k.customer_key IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO want_customers
WITH RECURSIVE chain (customer_key) AS (
    SELECT customer_key FROM want_customers
    UNION
    SELECT c.merged_into FROM customers c JOIN chain USING (customer_key) WHERE c.merged_into IS NOT NULL
)
SELECT customer_key FROM chain ON CONFLICT DO NOTHING;

-- name: load_customers
COPY (SELECT c.customer_key, c.customer_id, c.name, c.phone, c.email, c.address, c.vip, c.bad, m.customer_id
      FROM customers c JOIN want_customers w USING (customer_key)
      LEFT JOIN customers m ON m.customer_key = c.merged_into ORDER BY c.customer_key) TO STDOUT;

-- name: load_contacts
COPY (SELECT k.contact_key, ch.channel_id, k.contact_id, cu.customer_id
      FROM contacts k JOIN want_contacts w USING (contact_key) JOIN channels ch USING (channel_key)
      LEFT JOIN customers cu USING (customer_key)
      ORDER BY k.contact_key) TO STDOUT;

-- name: load_dialogs
COPY (SELECT d.dialog_key, d.dialog_id, d.kind, ch.channel_id, k.contact_id, cu.customer_id, d.status = 'open',
             (extract(epoch FROM d.opened_at) * 1000000)::bigint,
             (extract(epoch FROM d.closed_at) * 1000000)::bigint,
             d.privacy, (extract(epoch FROM d.privacy_accepted_at) * 1000000)::bigint, d.bot_blocked,
             u.user_id, b.bot_id, (extract(epoch FROM d.last_activity_at) * 1000000)::bigint, d.unread_count,
             (SELECT string_agg(fu.user_id, chr(31) ORDER BY f.ordinality)
              FROM unnest(d.former_responsible_user_keys) WITH ORDINALITY AS f (user_key, ordinality)
              JOIN users fu ON fu.user_key = f.user_key),
             (SELECT string_agg(pu.user_id, chr(31) ORDER BY pu.user_key)
              FROM unnest(ARRAY(SELECT p.user_key FROM internal_participants p WHERE p.dialog_key = d.dialog_key))
                   AS p (user_key)
              JOIN users pu USING (user_key))
      FROM dialogs d
      JOIN want_dialogs w USING (dialog_key)
      LEFT JOIN channels ch USING (channel_key)
      LEFT JOIN contacts k USING (contact_key)
      LEFT JOIN customers cu ON cu.customer_key = d.customer_key
      LEFT JOIN users u ON u.user_key = d.responsible_user_key
      LEFT JOIN bots b ON b.bot_key = d.responsible_bot_key
      ORDER BY d.dialog_key) TO STDOUT;

-- name: load_drafts
COPY (SELECT d.dialog_id, u.user_id FROM drafts JOIN want_dialogs w USING (dialog_key)
      JOIN dialogs d USING (dialog_key) JOIN users u USING (user_key)) TO STDOUT;

-- name: load_orders
COPY (SELECT o.order_key, o.order_id, o.number, d.dialog_id, cu.customer_id, s.store_id, o.total::text,
             (SELECT st.status FROM order_statuses st WHERE st.order_key = o.order_key ORDER BY st.seq DESC LIMIT 1)
      FROM orders o
      JOIN want_orders w USING (order_key)
      LEFT JOIN dialogs d USING (dialog_key)
      LEFT JOIN customers cu ON cu.customer_key = o.customer_key
      LEFT JOIN stores s ON s.store_key = o.store_key
      ORDER BY o.order_key) TO STDOUT;

-- name: load_payments
COPY (SELECT DISTINCT ON (p.order_key, p.payment_id) o.order_id, p.payment_id, p.method, p.amount::text, p.paid
      FROM order_payments p JOIN want_orders w USING (order_key) JOIN orders o USING (order_key)
      ORDER BY p.order_key, p.payment_id, p.seq DESC) TO STDOUT;

-- name: load_tasks
COPY (SELECT t.task_key, t.task_id, t.text, (extract(epoch FROM t.due) * 1000000)::bigint, u.user_id, o.order_id,
             cu.customer_id, a.user_id, ab.bot_id, (extract(epoch FROM t.created_at) * 1000000)::bigint,
             (extract(epoch FROM t.completed_at) * 1000000)::bigint
      FROM tasks t
      JOIN want_tasks w USING (task_key)
      LEFT JOIN users u ON u.user_key = t.responsible_user_key
      LEFT JOIN orders o ON o.order_key = t.order_key
      LEFT JOIN customers cu ON cu.customer_key = t.customer_key
      LEFT JOIN users a ON a.user_key = t.author_user_key
      LEFT JOIN bots ab ON ab.bot_key = t.author_bot_key
      ORDER BY t.task_key) TO STDOUT;

-- name: load_end
COMMIT;

-- name: load_forget_wanted
-- A `chatsla serve` session loads without a transaction (its temp tables keep their rows, see
-- session.sql keep_temp_rows): it empties them after a load that found rows.
DELETE FROM want_dialogs;
DELETE FROM want_contacts;
DELETE FROM want_customers;
DELETE FROM want_orders;
DELETE FROM want_tasks;

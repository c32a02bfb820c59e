-- chat_orders.sql for one period (see period_dialog_facts.sql), in one statement on a fact
-- worker's connection, after its dialogs: the orders with their channel, latest status and paid
-- amount by as_of, in no particular order, for the orders a period's figures use:
--   * those created in the period (managers.csv), found by orders_by_time, each with its
--     dialog's channel from its log row;
--   * every order created by as_of, before or after the period, of a dialog that can open in it
--     (the cohort's conversion and time to order). Such a dialog has a customer message or its
--     acceptance in the period, so the worker has read it (period_dialog_facts.sql's first
--     choice), and its log holds a record of each of its orders (code 14, schema 0021): the
--     client lists in chatsla.order_dialogs (a bigint array literal) the dialogs it read with
--     one stamped by as_of that can open in the period (the earliest customer message by as_of
--     in it, or accepted under the privacy policy: ChatStore's DialogWithOrders), and their
--     orders are looked up by orders_by_dialog, without a channel (the client takes it from the
--     dialog's header it read, DialogFactGroups.completingChannels). The orders created in the
--     period are left to the first part, so each order comes once.
-- Columns: order_key, order_id, dialog_key, channel_key, store_key, created_by_user_key,
--          created_at, seq, total_cents, status_as_of, paid_cents
-- A worker reads the orders of the dialogs whose key equals chatsla.worker modulo
-- chatsla.workers, as it read their facts.
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker,
           current_setting('chatsla.order_dialogs')::bigint[] AS dialogs
),
-- Looked up by key (LATERAL … OFFSET 0, as in period_dialog_facts.sql): never a join over a
-- whole table.
chosen AS MATERIALIZED (
    SELECT o.order_key, o.order_id, o.dialog_key, l.channel_key, o.store_key, o.created_by_user_key, o.created_at,
           o.seq, o.total
    FROM orders o
    CROSS JOIN as_of
    CROSS JOIN LATERAL (SELECT l.channel_key FROM dialog_fact_logs l WHERE l.dialog_key = o.dialog_key OFFSET 0) l
    WHERE o.created_at <= as_of.t AND o.dialog_key IS NOT NULL
      AND o.created_at >= as_of.period_start AND o.created_at < as_of.period_end
      AND o.dialog_key % as_of.workers = as_of.worker
    UNION ALL
    SELECT o.order_key, o.order_id, o.dialog_key, NULL, o.store_key, o.created_by_user_key, o.created_at,
           o.seq, o.total
    FROM as_of
    CROSS JOIN unnest(as_of.dialogs) d (dialog_key)
    CROSS JOIN LATERAL (SELECT o.order_key, o.order_id, o.dialog_key, o.store_key, o.created_by_user_key,
                               o.created_at, o.seq, o.total
                        FROM orders o WHERE o.dialog_key = d.dialog_key AND o.created_at <= as_of.t OFFSET 0) o
    WHERE NOT (o.created_at >= as_of.period_start AND o.created_at < as_of.period_end)
)
-- Each chosen order's latest status by as_of, and each of its payments' latest version by as_of,
-- summed when marked paid.
SELECT o.order_key, o.order_id, o.dialog_key, o.channel_key::bigint, o.store_key::bigint,
       o.created_by_user_key::bigint, o.created_at, o.seq, (o.total * 100)::bigint,
       (SELECT s.status FROM order_statuses s WHERE s.order_key = o.order_key AND s.at <= as_of.t
        ORDER BY s.at DESC, s.seq DESC LIMIT 1),
       (coalesce((SELECT sum(v.amount) FILTER (WHERE v.paid)
                  FROM (SELECT DISTINCT ON (p.payment_id) p.amount, p.paid
                        FROM order_payments p WHERE p.order_key = o.order_key AND p.at <= as_of.t
                        ORDER BY p.payment_id, p.at DESC, p.seq DESC) v), 0) * 100)::bigint
FROM chosen o
CROSS JOIN as_of

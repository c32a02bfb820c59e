-- chat_orders.sql for one period (see period_dialog_facts.sql), in one statement: the orders with
-- their channel, latest status and paid amount by as_of, in no particular order, for the orders
-- a period's figures use: those created in the period
-- (managers.csv), and every order created by as_of, before or after the period, of a dialog that
-- can open in it (the cohort's conversion and time to order). A dialog opens at its first
-- customer message, or for an accepted privacy dialog at its acceptance or a later customer
-- message, so a dialog opened in the period has a customer message or its acceptance in it: those
-- dialogs (a superset of the cohort: a fact log with a record from the period's start on, the
-- acceptances' included since schema 0018, and one before its end) are found by
-- dialog_fact_logs_by_last (the connection's lane, schema 0020), without the choice of
-- period_dialog_facts.sql (which the fact workers make). The latest status and payment versions
-- by as_of are looked up for the orders chosen alone.
-- Columns: order_key, order_id, dialog_key, channel_key, store_key, created_by_user_key,
--          created_at, seq, total_cents, status_as_of, paid_cents
-- A connection reads the orders of the dialogs whose key equals chatsla.worker modulo
-- chatsla.workers (the report reads them in two halves, a lane of the logs' index each).
WITH settings AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker
),
as_of AS (
    SELECT *, CASE WHEN workers % 2 = 0 THEN worker % 2 ELSE 0 END AS first_lane,
           CASE WHEN workers % 2 = 0 THEN worker % 2 ELSE 1 END AS last_lane
    FROM settings
),
-- Looked up by key (LATERAL … OFFSET 0, as in period_dialog_facts.sql): never a join over a
-- whole table. The channel is the dialog's header in its log row (schema 0017): read where the
-- cohort's dialogs are found, looked up for the orders created in the period.
chosen AS MATERIALIZED (
    SELECT o.order_key, o.order_id, o.dialog_key, l.channel_key, o.store_key, o.created_by_user_key, o.created_at,
           o.seq, o.total
    FROM orders o
    CROSS JOIN as_of
    CROSS JOIN LATERAL (SELECT l.channel_key FROM dialog_fact_logs l WHERE l.dialog_key = o.dialog_key OFFSET 0) l
    WHERE o.created_at <= as_of.t AND o.dialog_key IS NOT NULL
      AND o.created_at >= as_of.period_start AND o.created_at < as_of.period_end
      AND o.dialog_key % as_of.workers = as_of.worker
    UNION
    SELECT o.order_key, o.order_id, o.dialog_key, t.channel_key, o.store_key, o.created_by_user_key, o.created_at,
           o.seq, o.total
    FROM (SELECT l.dialog_key, l.channel_key FROM dialog_fact_logs l, as_of
          WHERE l.last_at >= as_of.period_start
            AND (l.dialog_key % 2) BETWEEN as_of.first_lane AND as_of.last_lane
            AND l.first_at < as_of.period_end AND l.first_at <= as_of.t
            AND l.dialog_key % as_of.workers = as_of.worker) t
    CROSS JOIN as_of
    CROSS JOIN LATERAL (SELECT o.order_key, o.order_id, o.dialog_key, o.store_key, o.created_by_user_key,
                               o.created_at, o.seq, o.total
                        FROM orders o WHERE o.dialog_key = t.dialog_key AND o.created_at <= as_of.t OFFSET 0) o
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

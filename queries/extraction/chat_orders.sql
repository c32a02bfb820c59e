-- Orders created from a chat by as_of, with their status and paid amount as of as_of, in no
-- particular order (the engine keeps them by key).
-- Columns: order_key, order_id, dialog_key, channel_key, store_key, created_by_user_key,
--          created_at, seq, total_cents, status_as_of, paid_cents
-- Paid amount: for each payment, its latest version by as_of, counted when marked paid.
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t
),
payment_now AS (
    SELECT DISTINCT ON (p.order_key, p.payment_id) p.order_key, p.amount, p.paid
    FROM order_payments p, as_of
    WHERE p.at <= as_of.t
    ORDER BY p.order_key, p.payment_id, p.at DESC, p.seq DESC
),
paid AS (
    SELECT order_key, sum(amount) FILTER (WHERE paid) AS paid_amount
    FROM payment_now
    GROUP BY order_key
),
status_now AS (
    SELECT DISTINCT ON (s.order_key) s.order_key, s.status
    FROM order_statuses s, as_of
    WHERE s.at <= as_of.t
    ORDER BY s.order_key, s.at DESC, s.seq DESC
)
-- channel_key is NULL here: the client takes it from the dialog's header (dialog_facts.sql reads
-- every customer dialog), which spares a join with every dialog (a third of this statement's
-- time at 1M dialogs). Orders without a dialog are not chat orders.
SELECT o.order_key, o.order_id, o.dialog_key, NULL::bigint, o.store_key::bigint,
       o.created_by_user_key::bigint, o.created_at, o.seq, (o.total * 100)::bigint,
       sn.status, (coalesce(pd.paid_amount, 0) * 100)::bigint
FROM orders o
LEFT JOIN status_now sn ON sn.order_key = o.order_key
LEFT JOIN paid pd ON pd.order_key = o.order_key
CROSS JOIN as_of
WHERE o.created_at <= as_of.t AND o.dialog_key IS NOT NULL

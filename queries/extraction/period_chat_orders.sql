-- chat_orders.sql for one period (see period_dialog_facts.sql): the same columns and order, for
-- the orders a period's figures use: those created in the period (managers.csv) and every order
-- of a dialog period_dialog_facts.sql chooses (the cohort's conversion and time to order, which
-- count orders created by as_of, before or after the period). The latest status and payment
-- versions by as_of are looked up for those orders alone.
WITH settings AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end
),
-- The cut: the engine's open/closed state "at the period's start" is that after the facts
-- before the period's start, or after every fact up to as_of when as_of is earlier.
as_of AS (
    SELECT *, least(period_start, t + interval '1 microsecond') AS cut FROM settings
),
touched AS (
    SELECT m.dialog_key FROM messages m, as_of
    WHERE m.created_at >= as_of.period_start AND m.created_at < as_of.period_end AND m.created_at <= as_of.t
    UNION
    SELECT a.dialog_key FROM assignments a, as_of
    WHERE a.at >= as_of.period_start AND a.at < as_of.period_end AND a.at <= as_of.t
    UNION
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.period_start AND c.at < as_of.period_end AND c.at <= as_of.t
    UNION
    -- Open at the cut and closed since: the first change from the cut on is a close.
    -- (Scalar subqueries: one primary-key probe per change, never a join over the history.)
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.cut AND c.change = 'closed'
      AND (SELECT e.seq FROM dialog_status_changes e
           WHERE e.dialog_key = c.dialog_key AND (e.seq, e.position) < (c.seq, c.position)
             AND e.at >= as_of.cut
           LIMIT 1) IS NULL
    UNION
    -- Opened from the cut on by a message, with a (late) message stamped before the cut.
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.cut AND c.change = 'opened'
      AND (SELECT min(m.created_at) FROM messages m WHERE m.dialog_key = c.dialog_key) < as_of.cut
    UNION
    -- Open after the latest change of all time, or changed out of time order.
    SELECT l.dialog_key FROM dialog_status_latest l WHERE l.is_open OR l.disordered
),
-- Looked up by key (LATERAL … OFFSET 0, as in period_dialog_facts.sql): never a join over a
-- whole table.
chosen AS MATERIALIZED (
    SELECT o.order_key, o.order_id, o.dialog_key, o.store_key, o.created_by_user_key, o.created_at, o.seq, o.total
    FROM orders o, as_of
    WHERE o.created_at <= as_of.t AND o.dialog_key IS NOT NULL
      AND o.created_at >= as_of.period_start AND o.created_at < as_of.period_end
    UNION
    SELECT o.*
    FROM touched t
    CROSS JOIN as_of
    CROSS JOIN LATERAL (SELECT o.order_key, o.order_id, o.dialog_key, o.store_key, o.created_by_user_key,
                               o.created_at, o.seq, o.total
                        FROM orders o WHERE o.dialog_key = t.dialog_key AND o.created_at <= as_of.t OFFSET 0) o
),
paid AS (
    SELECT c.order_key, p.paid_amount
    FROM chosen c
    CROSS JOIN as_of
    CROSS JOIN LATERAL (
        -- Each payment's latest version by as_of, summed when marked paid.
        SELECT sum(v.amount) FILTER (WHERE v.paid) AS paid_amount
        FROM (SELECT DISTINCT ON (p.payment_id) p.amount, p.paid
              FROM order_payments p WHERE p.order_key = c.order_key AND p.at <= as_of.t
              ORDER BY p.payment_id, p.at DESC, p.seq DESC) v
    ) p
),
status_now AS (
    SELECT c.order_key,
           (SELECT s.status FROM order_statuses s WHERE s.order_key = c.order_key AND s.at <= as_of.t
            ORDER BY s.at DESC, s.seq DESC LIMIT 1) AS status
    FROM chosen c, as_of
)
SELECT o.order_key, o.order_id, o.dialog_key, d.channel_key::bigint, o.store_key::bigint,
       o.created_by_user_key::bigint, o.created_at, o.seq, (o.total * 100)::bigint,
       sn.status, (coalesce(pd.paid_amount, 0) * 100)::bigint
FROM chosen o
CROSS JOIN LATERAL (SELECT d.channel_key FROM dialogs d WHERE d.dialog_key = o.dialog_key OFFSET 0) d
LEFT JOIN status_now sn ON sn.order_key = o.order_key
LEFT JOIN paid pd ON pd.order_key = o.order_key
ORDER BY o.order_key

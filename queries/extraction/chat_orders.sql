-- Orders created from a chat by as_of, with their status and paid amount as of as_of: three raw
-- reads in heap order (no sort, join or grouping in the server), put together by the client
-- (ChatStore's ReportExtraction+Orders). At 1M dialogs the three take 0.3 s where one statement
-- doing the same in the server (DISTINCT ON sorts of every status and payment version) took
-- 0.75 s and was the report's longest stream (docs/PERFORMANCE.md, "Session 17").
--
-- The client keeps, for each order of `orders`: the status of its latest `order_statuses` row by
-- as_of (greatest instant, then seq), none when it has none; and its paid amount, the sum over its
-- payments of each payment's latest version by as_of (greatest instant, then seq) when that
-- version is marked paid. Orders without a dialog are not chat orders. The channel is left to
-- the dialog's header (dialog_facts.sql reads every customer dialog; a join with every dialog
-- was a third of the old statement's time). Amounts are in cents (numeric(14,2) × 100 is exact).

-- name: orders
-- order_key, order_id, dialog_key, store_key, created_by_user_key, created_at, seq, total_cents
COPY (SELECT o.order_key, o.order_id, o.dialog_key, o.store_key::bigint, o.created_by_user_key::bigint,
             o.created_at, o.seq, (o.total * 100)::bigint
      FROM orders o
      WHERE o.created_at <= current_setting('chatsla.as_of')::timestamptz AND o.dialog_key IS NOT NULL)
TO STDOUT (FORMAT binary)

-- name: statuses
-- order_key, at, seq, status
COPY (SELECT s.order_key, s.at, s.seq, s.status
      FROM order_statuses s
      WHERE s.at <= current_setting('chatsla.as_of')::timestamptz)
TO STDOUT (FORMAT binary)

-- name: payments
-- order_key, payment_id, at, seq, amount_cents, paid
COPY (SELECT p.order_key, p.payment_id, p.at, p.seq, (p.amount * 100)::bigint, p.paid
      FROM order_payments p
      WHERE p.at <= current_setting('chatsla.as_of')::timestamptz)
TO STDOUT (FORMAT binary)

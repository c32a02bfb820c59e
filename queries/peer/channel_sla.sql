-- The one SQL statement a team would write instead of chatsla (the benchmark's `peer_s`): per
-- channel, waiting episodes as runs of customer messages answered by a user message, reply time
-- and first response time p50/p90 by percentile_cont, and the episodes over the warning and the
-- processing limit. Same tables, same as_of and period settings as the report
-- (chatsla.as_of, chatsla.period_start, chatsla.period_end); see README.md for what it leaves out.
WITH p AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end
),
-- Customer messages and users' messages that did not fail, in each dialog's order.
thread AS (
    SELECT m.dialog_key, d.channel_key, m.created_at, m.seq, m.sender_kind = 'customer' AS from_customer
    FROM messages m JOIN dialogs d ON d.dialog_key = m.dialog_key, p
    WHERE d.kind = 'customer' AND d.privacy <> 'pending' AND m.created_at <= p.t
      AND (m.sender_kind = 'customer' OR (m.sender_kind = 'user' AND m.status <> 'failed'))
),
marked AS (
    SELECT *,
           lag(from_customer) OVER w AS previous_from_customer,
           -- The first user message from here on: the reply that ends the episode.
           min(created_at) FILTER (WHERE NOT from_customer)
               OVER (w ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS replied_at
    FROM thread
    WINDOW w AS (PARTITION BY dialog_key ORDER BY created_at, seq)
),
-- An episode starts at a customer message that follows no customer message.
episodes AS (
    SELECT dialog_key, channel_key, created_at AS started_at, replied_at,
           row_number() OVER (PARTITION BY dialog_key ORDER BY created_at, seq) = 1 AS first_of_dialog,
           extract(epoch FROM coalesce(replied_at, p.t) - created_at) AS wait_s
    FROM marked, p
    WHERE from_customer AND previous_from_customer IS NOT TRUE
),
-- The limits in effect at as_of: the channel's own, else the default.
limits AS (
    SELECT c.channel_key,
           CASE WHEN own.processing_s IS NOT NULL THEN own.warning_s ELSE dflt.warning_s END AS warning_s,
           coalesce(own.processing_s, dflt.processing_s) AS processing_s
    FROM channels c
    CROSS JOIN p
    LEFT JOIN LATERAL (SELECT s.warning_s, s.processing_s FROM time_limit_settings s
                       WHERE s.channel_key = c.channel_key AND s.effective_at <= p.t
                       ORDER BY s.effective_at DESC, s.seq DESC LIMIT 1) own ON true
    LEFT JOIN LATERAL (SELECT s.warning_s, s.processing_s FROM time_limit_settings s
                       WHERE s.channel_key IS NULL AND s.effective_at <= p.t
                       ORDER BY s.effective_at DESC, s.seq DESC LIMIT 1) dflt ON true
)
SELECT c.channel_id,
       count(*) AS episodes,
       count(e.replied_at) AS answered,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY e.wait_s) FILTER (WHERE e.replied_at IS NOT NULL) AS reply_p50_s,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY e.wait_s) FILTER (WHERE e.replied_at IS NOT NULL) AS reply_p90_s,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY e.wait_s)
           FILTER (WHERE e.first_of_dialog AND e.replied_at IS NOT NULL) AS frt_p50_s,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY e.wait_s)
           FILTER (WHERE e.first_of_dialog AND e.replied_at IS NOT NULL) AS frt_p90_s,
       count(*) FILTER (WHERE e.wait_s > l.warning_s) AS over_warning,
       count(*) FILTER (WHERE e.wait_s > l.processing_s) AS over_processing
FROM episodes e
JOIN channels c ON c.channel_key = e.channel_key
JOIN limits l ON l.channel_key = e.channel_key
CROSS JOIN p
WHERE e.started_at >= p.period_start AND e.started_at < p.period_end
GROUP BY c.channel_id
ORDER BY c.channel_id

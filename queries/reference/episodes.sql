-- Waiting episodes in plain SQL (SPEC §2), as temporary tables for channels.sql and daily.sql.
-- Each step is materialised once and analysed (views were inlined again and again, with row
-- estimates that led the planner into nested loops over the whole history).
-- Parameters are session settings: chatsla.as_of, chatsla.from, chatsla.to, chatsla.tz, chatsla.channels.

DROP TABLE IF EXISTS reference_params;
CREATE TEMP TABLE reference_params AS
SELECT current_setting('chatsla.as_of')::timestamptz AS as_of,
       current_setting('chatsla.tz') AS tz,
       current_setting('chatsla.from')::date::timestamp AT TIME ZONE current_setting('chatsla.tz') AS period_start,
       (current_setting('chatsla.to')::date + 1)::timestamp AT TIME ZONE current_setting('chatsla.tz') AS period_end;
ANALYZE reference_params;

-- Channels known by as_of (a version of it in effect by then), limited to the --channel filter
-- when one is given.
DROP TABLE IF EXISTS reference_channels;
CREATE TEMP TABLE reference_channels AS
SELECT c.channel_key, c.channel_id
FROM channels c, reference_params p
WHERE EXISTS (SELECT 1 FROM channel_versions v WHERE v.channel_key = c.channel_key AND v.effective_at <= p.as_of)
  AND (current_setting('chatsla.channels') = ''
       OR c.channel_id = ANY (string_to_array(current_setting('chatsla.channels'), ',')));
ANALYZE reference_channels;

-- Customer dialogs outside the privacy gate at as_of; accepted_at when they passed it, and the
-- ingestion number of their last close while pending (before accepted_at), if any.
DROP TABLE IF EXISTS reference_dialogs;
CREATE TEMP TABLE reference_dialogs AS
SELECT d.dialog_key, d.channel_key, d.privacy_accepted_at AS accepted_at,
       CASE WHEN d.privacy_accepted_at IS NOT NULL THEN
           (SELECT max(c.seq) FROM dialog_status_changes c
            WHERE c.dialog_key = d.dialog_key AND c.change = 'closed' AND c.at < d.privacy_accepted_at)
       END AS pending_close_seq
FROM dialogs d
JOIN reference_channels rc ON rc.channel_key = d.channel_key
CROSS JOIN reference_params p
WHERE d.kind = 'customer'
  AND d.privacy <> 'pending'
  AND (d.privacy_accepted_at IS NULL OR d.privacy_accepted_at <= p.as_of);
ANALYZE reference_dialogs;

-- The facts that shape episodes, up to as_of. Customer messages written before the privacy
-- acceptance wait from the acceptance instant, unless a close while pending came after them in
-- ingestion order (an automatic close shares the seq of the event that made it and precedes
-- it); other facts before the acceptance count nowhere.
-- code: 1 automatic close, 2 customer message, 3 user reply, 4 bot reply, 8/9/10 close by a
-- user/bot/the system actor (the codes of queries/extraction/dialog_facts.sql).
-- A send stored failed with `bot_blocked` never gets a status (ingestion rejects one), so with no
-- status by as_of its failure reason decides.
DROP TABLE IF EXISTS reference_facts;
CREATE TEMP TABLE reference_facts AS
WITH last_status AS (
    SELECT DISTINCT ON (s.message_key) s.message_key, s.status
    FROM message_statuses s, reference_params p
    WHERE s.at <= p.as_of
    ORDER BY s.message_key, s.at DESC, s.seq DESC
)
SELECT d.dialog_key, d.channel_key,
       greatest(m.created_at, d.accepted_at) AS at, m.seq,
       CASE m.sender_kind WHEN 'customer' THEN 2 WHEN 'user' THEN 3 ELSE 4 END AS code
FROM messages m
JOIN reference_dialogs d ON d.dialog_key = m.dialog_key
LEFT JOIN last_status ls ON ls.message_key = m.message_key
CROSS JOIN reference_params p
WHERE m.created_at <= p.as_of
  AND ((m.sender_kind = 'customer'
        AND (d.accepted_at IS NULL OR m.created_at >= d.accepted_at
             OR d.pending_close_seq IS NULL OR m.seq >= d.pending_close_seq))
       OR (m.sender_kind IN ('user', 'bot')
           AND NOT coalesce(ls.status = 'failed', m.failure_reason = 'bot_blocked', false)
           AND (d.accepted_at IS NULL OR m.created_at >= d.accepted_at)))
UNION ALL
SELECT d.dialog_key, d.channel_key, c.at, c.seq,
       CASE c.by_kind WHEN 'user' THEN 8 WHEN 'bot' THEN 9 WHEN 'system' THEN 10 ELSE 1 END
FROM dialog_status_changes c
JOIN reference_dialogs d ON d.dialog_key = c.dialog_key
CROSS JOIN reference_params p
WHERE c.change = 'closed' AND c.at <= p.as_of
  AND (d.accepted_at IS NULL OR c.at >= d.accepted_at);
ANALYZE reference_facts;

-- Segments end at a user reply or a close (always episode ends); inside a segment, bot replies
-- end episodes when the policy read at the segment's first customer message says so.
DROP TABLE IF EXISTS reference_segmented;
CREATE TEMP TABLE reference_segmented AS
WITH ordered AS (
    SELECT f.*,
           coalesce(sum(CASE WHEN code IN (1, 3, 8, 9, 10) THEN 1 ELSE 0 END) OVER (
               PARTITION BY dialog_key ORDER BY at, seq, code
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS segment
    FROM reference_facts f
),
segment_policy AS (
    SELECT DISTINCT ON (o.dialog_key, o.segment) o.dialog_key, o.segment,
           coalesce((SELECT cs.bot_replies_stop_clock FROM chat_settings cs
                     WHERE (cs.effective_at, cs.seq) <= (o.at, o.seq)
                     ORDER BY cs.effective_at DESC, cs.seq DESC LIMIT 1), false) AS bot_stop
    FROM ordered o
    WHERE o.code = 2
    ORDER BY o.dialog_key, o.segment, o.at, o.seq
)
SELECT o.*,
       coalesce(sp.bot_stop, false) AS bot_stop,
       CASE WHEN coalesce(sp.bot_stop, false) THEN
           coalesce(sum(CASE WHEN o.code = 4 THEN 1 ELSE 0 END) OVER (
               PARTITION BY o.dialog_key, o.segment ORDER BY o.at, o.seq, o.code
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
       ELSE 0 END AS part
FROM ordered o
LEFT JOIN segment_policy sp ON sp.dialog_key = o.dialog_key AND sp.segment = o.segment;
ANALYZE reference_segmented;

-- One row per episode: start (first customer message), end and outcome, the policies and limits
-- in effect at its opening.
DROP TABLE IF EXISTS reference_episode_bounds;
CREATE TEMP TABLE reference_episode_bounds AS
WITH groups AS (
    SELECT dialog_key, channel_key, segment, part,
           min(at) FILTER (WHERE code = 2) AS start_at,
           (array_agg(seq ORDER BY at, seq, code) FILTER (WHERE code = 2))[1] AS start_seq,
           -- The group's last row ends it when it is a reply or a close that follows its first customer message.
           (array_agg(code ORDER BY at DESC, seq DESC, code DESC))[1] AS last_code,
           (array_agg(at ORDER BY at DESC, seq DESC, code DESC))[1] AS last_at,
           bool_or(bot_stop) AS bot_stop
    FROM reference_segmented
    GROUP BY dialog_key, channel_key, segment, part
)
SELECT g.dialog_key, g.channel_key, g.segment, g.part, g.start_at, g.start_seq,
       CASE WHEN g.last_code IN (1, 8, 9, 10) THEN 'closed_unanswered'
            WHEN g.last_code = 3 OR (g.last_code = 4 AND g.bot_stop) THEN 'answered'
            ELSE 'open' END AS outcome,
       CASE WHEN g.last_code IN (1, 3, 8, 9, 10) OR (g.last_code = 4 AND g.bot_stop) THEN g.last_at END AS end_at,
       coalesce((SELECT cs.clock_start FROM chat_settings cs
                 WHERE (cs.effective_at, cs.seq) <= (g.start_at, g.start_seq)
                 ORDER BY cs.effective_at DESC, cs.seq DESC LIMIT 1), 'last_customer_message') AS clock_start,
       lim.warning_s, lim.processing_s
FROM groups g
LEFT JOIN LATERAL (
    SELECT t.warning_s, t.processing_s
    FROM time_limit_settings t
    WHERE (t.channel_key = g.channel_key OR t.channel_key IS NULL)
      AND (t.effective_at, t.seq) <= (g.start_at, g.start_seq)
    ORDER BY (t.channel_key IS NULL), t.effective_at DESC, t.seq DESC
    LIMIT 1
) lim ON true
WHERE g.start_at IS NOT NULL;
ANALYZE reference_episode_bounds;

-- The SLA clock: the first instant strictly before the end (at or before as_of for an open
-- episode) at which the clock reached each limit.
DROP TABLE IF EXISTS reference_episodes;
CREATE TEMP TABLE reference_episodes AS
WITH customer_gaps AS (
    SELECT e.dialog_key, e.segment, e.part, s.at,
           lead(s.at) OVER (PARTITION BY e.dialog_key, e.segment, e.part ORDER BY s.at, s.seq) AS next_at
    FROM reference_episode_bounds e
    JOIN reference_segmented s
      ON s.dialog_key = e.dialog_key AND s.segment = e.segment AND s.part = e.part AND s.code = 2
),
crossings AS (
    SELECT e.dialog_key, e.segment, e.part,
           min(level.at + make_interval(secs => level.limit_s)) FILTER (WHERE level.kind = 'w') AS warning_at,
           min(level.at + make_interval(secs => level.limit_s)) FILTER (WHERE level.kind = 'o') AS overdue_at
    FROM reference_episode_bounds e
    CROSS JOIN reference_params p
    JOIN customer_gaps g ON g.dialog_key = e.dialog_key AND g.segment = e.segment AND g.part = e.part
    CROSS JOIN LATERAL (VALUES ('w', e.warning_s), ('o', e.processing_s)) AS lim(kind, limit_s)
    CROSS JOIN LATERAL (
        -- Under first_unanswered the clock runs from the episode's first message; under the default
        -- it restarts at every customer message, so each gap between messages is its own run.
        SELECT CASE WHEN e.clock_start = 'first_unanswered' THEN e.start_at ELSE g.at END AS at,
               lim.kind, lim.limit_s,
               CASE WHEN e.clock_start = 'first_unanswered' THEN NULL ELSE g.next_at END AS run_end
    ) AS level
    WHERE lim.limit_s IS NOT NULL
      AND (e.clock_start <> 'first_unanswered' OR g.next_at IS NULL)
      AND CASE
          WHEN level.run_end IS NOT NULL THEN level.at + make_interval(secs => level.limit_s) < level.run_end
          WHEN e.end_at IS NOT NULL THEN level.at + make_interval(secs => level.limit_s) < e.end_at
          ELSE level.at + make_interval(secs => level.limit_s) <= p.as_of
      END
    GROUP BY e.dialog_key, e.segment, e.part
)
SELECT e.*,
       (extract(epoch FROM (coalesce(e.end_at, p.as_of) - e.start_at)) * 1000000)::bigint AS wait_us,
       c.warning_at, c.overdue_at,
       (c.warning_at IS NOT NULL) AS reached_warning,
       (c.overdue_at IS NOT NULL) AS reached_overdue,
       (e.start_at AT TIME ZONE p.tz)::date AS local_date,
       (e.start_at >= p.period_start AND e.start_at < p.period_end) AS in_period
FROM reference_episode_bounds e
CROSS JOIN reference_params p
LEFT JOIN crossings c ON c.dialog_key = e.dialog_key AND c.segment = e.segment AND c.part = e.part;
ANALYZE reference_episodes;

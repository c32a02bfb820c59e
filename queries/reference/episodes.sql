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
-- A send stored failed with `bot_blocked` never gets a status (ingestion rejects one): with no
-- status at all, that failure reason marks it failed. A message failed later by a status whose
-- error reads `bot_blocked` has a status row, and is failed only from that status on.
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
           AND NOT coalesce(ls.status = 'failed',
                            m.failure_reason = 'bot_blocked'
                            AND NOT EXISTS (SELECT 1 FROM message_statuses s WHERE s.message_key = m.message_key),
                            false)
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

-- Business hours [ext]: every schedule's working intervals as instants over the span the
-- report's clocks can reach (the local days from two before the period, or before the schedule
-- took effect, to two after as_of or the period's end), merged where they overlap or touch, with
-- the working time before each. A local time is turned into an instant as the engine does
-- (WorkingCalendar.instant): the offset of the day before, then the offset found at that guess;
-- a time neither makes consistent (a spring-forward gap) takes the offset just before the change,
-- and of a time that occurs twice the first is found first.
CREATE OR REPLACE FUNCTION pg_temp.reference_utc_offset(instant timestamptz, zone text) RETURNS interval
LANGUAGE sql STABLE AS $$ SELECT (instant AT TIME ZONE zone) - (instant AT TIME ZONE 'UTC') $$;

CREATE OR REPLACE FUNCTION pg_temp.reference_local_instant(local timestamp, zone text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
    first interval := pg_temp.reference_utc_offset((local - interval '1 day') AT TIME ZONE 'UTC', zone);
    guess timestamptz := (local - first) AT TIME ZONE 'UTC';
    second interval := pg_temp.reference_utc_offset(guess, zone);
    retry timestamptz;
BEGIN
    IF second = first THEN RETURN guess; END IF;
    retry := (local - second) AT TIME ZONE 'UTC';
    IF pg_temp.reference_utc_offset(retry, zone) = second THEN RETURN retry; END IF;
    RETURN (local - pg_temp.reference_utc_offset(retry, zone)) AT TIME ZONE 'UTC';
END $$;

DROP TABLE IF EXISTS reference_working;
CREATE TEMP TABLE reference_working AS
WITH schedules AS (
    SELECT b.seq, b.tz, b.week, b.holidays,
           greatest(p.period_start, b.effective_at) - interval '2 days' AS from_at,
           greatest(p.as_of, p.period_end) + interval '2 days' AS to_at
    FROM business_hours_settings b, reference_params p
    WHERE b.tz IS NOT NULL AND b.effective_at <= p.as_of
),
days AS (
    SELECT sc.seq, sc.tz, sc.week, d::date AS day
    FROM schedules sc
    CROSS JOIN LATERAL generate_series(((sc.from_at AT TIME ZONE sc.tz)::date - 1)::timestamp,
                                       ((sc.to_at AT TIME ZONE sc.tz)::date + 1)::timestamp, interval '1 day') AS d
    WHERE NOT (d::date = ANY (sc.holidays))
),
instants AS (
    SELECT d.seq,
           pg_temp.reference_local_instant(d.day + (iv ->> 0)::time, d.tz) AS s,
           pg_temp.reference_local_instant(d.day + (iv ->> 1)::time, d.tz) AS e
    FROM days d
    CROSS JOIN LATERAL jsonb_array_elements(
        d.week -> (ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[extract(isodow FROM d.day)::int]) AS iv
),
merged AS (
    SELECT seq, unnest(range_agg(tstzrange(s, e))) AS r
    FROM instants
    WHERE e > s
    GROUP BY seq
),
lengths AS (
    SELECT seq, lower(r) AS s, upper(r) AS e,
           ((extract(epoch FROM upper(r)) - extract(epoch FROM lower(r))) * 1000000)::bigint AS len_us
    FROM merged
)
SELECT seq, s, e, len_us,
       coalesce(sum(len_us) OVER (PARTITION BY seq ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                0)::bigint AS before_us
FROM lengths;
CREATE INDEX ON reference_working (seq, s);
CREATE INDEX ON reference_working (seq, (before_us + len_us));
ANALYZE reference_working;

-- The instant at which the working time since c reaches limit_s under schedule `schedule`
-- (always inside, or at the end of, a working interval); NULL beyond the span.
CREATE OR REPLACE FUNCTION pg_temp.reference_crossing(schedule bigint, c timestamptz, limit_s integer)
RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    WITH target AS (
        SELECT coalesce((SELECT w.before_us
                                + least(((extract(epoch FROM c) - extract(epoch FROM w.s)) * 1000000)::bigint, w.len_us)
                         FROM reference_working w
                         WHERE w.seq = schedule AND w.s <= c
                         ORDER BY w.s DESC LIMIT 1), 0) + limit_s::bigint * 1000000 AS us
    )
    SELECT w.s + (t.us - w.before_us) * interval '1 microsecond'
    FROM target t, reference_working w
    WHERE w.seq = schedule AND w.before_us + w.len_us >= t.us
    ORDER BY w.s LIMIT 1
$$;

-- One row per episode: start (first customer message), end and outcome, the policies, limits
-- and business hours (schedule_seq: the business_hours_settings row, NULL round the clock) in
-- effect at its opening.
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
       lim.warning_s, lim.processing_s,
       CASE WHEN bh.tz IS NOT NULL THEN bh.seq END AS schedule_seq
FROM groups g
LEFT JOIN LATERAL (
    SELECT t.warning_s, t.processing_s
    FROM time_limit_settings t
    WHERE (t.channel_key = g.channel_key OR t.channel_key IS NULL)
      AND (t.effective_at, t.seq) <= (g.start_at, g.start_seq)
    ORDER BY (t.channel_key IS NULL), t.effective_at DESC, t.seq DESC
    LIMIT 1
) lim ON true
-- The channel's own business hours (its own `hours: null` included), else the default's.
LEFT JOIN LATERAL (
    SELECT b.seq, b.tz
    FROM business_hours_settings b
    WHERE (b.channel_key = g.channel_key OR b.channel_key IS NULL)
      AND (b.effective_at, b.seq) <= (g.start_at, g.start_seq)
    ORDER BY (b.channel_key IS NULL), b.effective_at DESC, b.seq DESC
    LIMIT 1
) bh ON true
WHERE g.start_at IS NOT NULL;
ANALYZE reference_episode_bounds;

-- The SLA clock: the first instant strictly before the end (at or before as_of for an open
-- episode) at which the clock reached each limit (in working time under business hours).
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
           min(x.cross_at) FILTER (WHERE level.kind = 'w') AS warning_at,
           min(x.cross_at) FILTER (WHERE level.kind = 'o') AS overdue_at
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
    CROSS JOIN LATERAL (
        SELECT CASE WHEN e.schedule_seq IS NULL THEN level.at + make_interval(secs => level.limit_s)
                    ELSE pg_temp.reference_crossing(e.schedule_seq, level.at, level.limit_s) END AS cross_at
    ) AS x
    WHERE lim.limit_s IS NOT NULL
      AND (e.clock_start <> 'first_unanswered' OR g.next_at IS NULL)
      AND CASE
          WHEN level.run_end IS NOT NULL THEN x.cross_at < level.run_end
          WHEN e.end_at IS NOT NULL THEN x.cross_at < e.end_at
          ELSE x.cross_at <= p.as_of
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

-- channels.csv in plain SQL (SPEC §5), from the views of episodes.sql. Figures are text, formatted
-- as the report prints them; NULL where a figure does not exist.
WITH p AS (SELECT * FROM reference_params),
openings AS (
    SELECT dialog_key, channel_key, min(at) AS opened_at
    FROM reference_facts WHERE code = 2
    GROUP BY dialog_key, channel_key
),
opened AS (
    SELECT o.* FROM openings o, p WHERE o.opened_at >= p.period_start AND o.opened_at < p.period_end
),
first_episode AS (
    SELECT DISTINCT ON (e.dialog_key) e.dialog_key, e.channel_key, e.outcome, e.wait_us
    FROM reference_episodes e
    JOIN opened o ON o.dialog_key = e.dialog_key
    ORDER BY e.dialog_key, e.start_at, e.start_seq
),
resolutions AS (
    SELECT f.dialog_key, f.channel_key,
           (extract(epoch FROM max(f.at) - o.opened_at) * 1000000)::bigint AS resolution_us
    FROM reference_facts f
    JOIN openings o ON o.dialog_key = f.dialog_key
    CROSS JOIN p
    WHERE f.code IN (8, 9) AND f.at >= p.period_start AND f.at < p.period_end
    GROUP BY f.dialog_key, f.channel_key, o.opened_at
),
auto_closed AS (
    SELECT f.channel_key, count(DISTINCT f.dialog_key) AS dialogs
    FROM reference_facts f, p
    WHERE f.code = 1 AND f.at >= p.period_start AND f.at < p.period_end
    GROUP BY f.channel_key
),
episode_figures AS (
    SELECT channel_key,
           count(*) AS episodes,
           count(*) FILTER (WHERE outcome = 'answered') AS answered,
           count(*) FILTER (WHERE outcome = 'closed_unanswered') AS closed_unanswered,
           count(*) FILTER (WHERE outcome = 'open') AS open,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_us) FILTER (WHERE outcome = 'answered') AS reply_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_us) FILTER (WHERE outcome = 'answered') AS reply_p90,
           count(*) FILTER (WHERE reached_warning) AS reached_warning,
           count(*) FILTER (WHERE reached_overdue) AS reached_overdue
    FROM reference_episodes
    WHERE in_period
    GROUP BY channel_key
),
frt AS (
    SELECT channel_key,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_us) AS frt_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_us) AS frt_p90
    FROM first_episode WHERE outcome = 'answered'
    GROUP BY channel_key
),
resolution AS (
    SELECT channel_key, percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_us) AS resolution_median
    FROM resolutions GROUP BY channel_key
),
-- Limits in effect at as_of or at the end of the period, whichever is earlier; a setting taking
-- effect exactly at the period's end is not yet in effect.
limits AS (
    SELECT rc.channel_key, lim.warning_s, lim.processing_s
    FROM reference_channels rc
    CROSS JOIN p
    LEFT JOIN LATERAL (
        SELECT t.warning_s, t.processing_s
        FROM time_limit_settings t
        WHERE (t.channel_key = rc.channel_key OR t.channel_key IS NULL)
          AND t.effective_at <= p.as_of AND t.effective_at < p.period_end
        ORDER BY (t.channel_key IS NULL), t.effective_at DESC, t.seq DESC
        LIMIT 1
    ) lim ON true
)
SELECT rc.channel_id AS channel,
       (SELECT count(*) FROM opened o WHERE o.channel_key = rc.channel_key)::text AS dialogs,
       coalesce(ef.episodes, 0)::text AS episodes,
       coalesce(ef.answered, 0)::text AS answered,
       coalesce(ef.closed_unanswered, 0)::text AS closed_unanswered,
       coalesce(ef.open, 0)::text AS open,
       round(frt.frt_median::numeric / 1000000, 1)::text AS frt_median_s,
       round(frt.frt_p90::numeric / 1000000, 1)::text AS frt_p90_s,
       round(ef.reply_median::numeric / 1000000, 1)::text AS reply_median_s,
       round(ef.reply_p90::numeric / 1000000, 1)::text AS reply_p90_s,
       coalesce(ef.reached_warning, 0)::text AS reached_warning,
       coalesce(ef.reached_overdue, 0)::text AS reached_overdue,
       round(ef.reached_warning::numeric / nullif(ef.episodes, 0), 4)::text AS warning_rate,
       round(ef.reached_overdue::numeric / nullif(ef.episodes, 0), 4)::text AS overdue_rate,
       round(res.resolution_median::numeric / 1000000, 1)::text AS resolution_median_s,
       coalesce(ac.dialogs, 0)::text AS auto_closed,
       lim.warning_s::text AS warning_s,
       lim.processing_s::text AS processing_s
FROM reference_channels rc
LEFT JOIN episode_figures ef ON ef.channel_key = rc.channel_key
LEFT JOIN frt ON frt.channel_key = rc.channel_key
LEFT JOIN resolution res ON res.channel_key = rc.channel_key
LEFT JOIN auto_closed ac ON ac.channel_key = rc.channel_key
LEFT JOIN limits lim ON lim.channel_key = rc.channel_key
ORDER BY rc.channel_id COLLATE "C"

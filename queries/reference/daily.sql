-- daily.csv in plain SQL (SPEC §5), from the views of episodes.sql: one row per (local date of the
-- episode's first customer message, channel) with at least one episode in the period.
SELECT e.local_date::text AS date,
       rc.channel_id AS channel,
       count(*)::text AS episodes,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY e.wait_us) FILTER (WHERE e.outcome = 'answered'))::numeric
             / 1000000, 1)::text AS reply_median_s,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY e.wait_us) FILTER (WHERE e.outcome = 'answered'))::numeric
             / 1000000, 1)::text AS reply_p90_s,
       count(*) FILTER (WHERE e.reached_warning)::text AS reached_warning,
       count(*) FILTER (WHERE e.reached_overdue)::text AS reached_overdue
FROM reference_episodes e
JOIN reference_channels rc ON rc.channel_key = e.channel_key
WHERE e.in_period
GROUP BY e.local_date, rc.channel_id
ORDER BY e.local_date::text COLLATE "C", rc.channel_id COLLATE "C"

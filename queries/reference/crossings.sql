-- The breaches of the period's episodes as the reference finds them (after episodes.sql): per
-- episode that reached a level, its dialog, start and the highest level's crossing instant (µs),
-- for comparing with the engine's breaches.csv. Ordered by dialog and start.
SELECT d.dialog_id,
       (extract(epoch FROM e.start_at) * 1000000)::bigint AS started_us,
       CASE WHEN e.overdue_at IS NOT NULL THEN 'overdue' ELSE 'warning' END AS level,
       (extract(epoch FROM coalesce(e.overdue_at, e.warning_at)) * 1000000)::bigint AS crossed_us
FROM reference_episodes e
JOIN dialogs d ON d.dialog_key = e.dialog_key
WHERE e.in_period AND (e.reached_warning OR e.reached_overdue)
ORDER BY d.dialog_id COLLATE "C", e.start_at

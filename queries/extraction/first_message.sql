-- The instant the stored history starts (µs), NULL when there is none: how much history the
-- report's period covers (ReportPipeline reads the whole history when the period holds most of
-- it). The earliest fact of the first dialog stored, one step down the fact logs' primary key:
-- the history's start, or later when a later dialog holds a fact stamped before it (a late
-- event), which only makes the history's read chosen a little early; both reads give the same
-- figures.
SELECT (SELECT (extract(epoch FROM first_at) * 1000000)::bigint FROM dialog_fact_logs WHERE first_at IS NOT NULL
        ORDER BY dialog_key LIMIT 1)

-- The dialogs that can change a figure of one period [chatsla.period_start,
-- chatsla.period_end) as of chatsla.as_of, in the share of the session's worker (dialog keys
-- equal to chatsla.worker modulo chatsla.workers): the selection period_dialog_facts.sql reads
-- the facts of, as the temporary view period_dialogs.
--
-- A session defines it before it reads a period (a report worker before it imports the
-- report's snapshot: the read-only transaction can create nothing); the settings are read when
-- a statement selects from it, so one definition serves every period of the session. In psql:
--   \i queries/extraction/period_dialogs.sql
--
-- Which dialogs (a superset of those the engine counts anything of in the period), with the cut
-- = the period's start, or just after as_of when as_of is earlier (the engine's open/closed state
-- "at the period's start" is that after the facts before the cut):
--   * a fact log with a fact from the cut on (last_at) and one before the period's end and by
--     as_of (first_at): every dialog with a message, an assignment, a close or a reopen in the
--     period by as_of (episodes start at a customer message; replies, assignments, messages
--     sent, closes and auto-closes count at their own instant; the cohort opens at a customer
--     message), and every dialog open at the cut whose state changed since (its close or reopen
--     is a fact from the cut on; its opening message, before the cut);
--   * a dialog whose latest status change of all time leaves it open, or whose changes were
--     stored out of time order (dialog_status_latest): every dialog open at the cut with no
--     fact since, and every dialog accepted under the privacy policy and open since (an
--     acceptance opens it in dialog_status_latest).
-- Any other dialog was closed at the cut and has no fact in the period: every figure of the
-- period is the same without it (docs/PERFORMANCE.md, "Period-bounded extraction"). The choice
-- holds more than the period needs when as_of is long after the period (dialogs active since);
-- the engine reads each whole, so the figures are those of a read of the whole history.
--
-- Column: dialog_key (each chosen dialog once).
--
-- Cost: two index range scans, dialog_fact_logs_by_last (a dialog per entry, not a fact) and the
-- partial index dialog_status_latest_open, so a day's report reads a day's worth of index (and
-- what came after it, up to now), whatever the history holds.
CREATE OR REPLACE TEMP VIEW period_dialogs AS
WITH settings AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker
),
as_of AS (
    SELECT *, least(period_start, t + interval '1 microsecond') AS cut FROM settings
)
SELECT l.dialog_key FROM dialog_fact_logs l, as_of
WHERE l.last_at >= as_of.cut AND l.first_at < as_of.period_end AND l.first_at <= as_of.t
  AND l.dialog_key % as_of.workers = as_of.worker
UNION
SELECT l.dialog_key FROM dialog_status_latest l, as_of
WHERE (l.is_open OR l.disordered) AND l.dialog_key % as_of.workers = as_of.worker;

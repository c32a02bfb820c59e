-- The dialogs that can change a figure of one period [chatsla.period_start,
-- chatsla.period_end) as of chatsla.as_of, in the share of the session's worker (dialog keys
-- equal to chatsla.worker modulo chatsla.workers): the selection period_dialog_facts.sql reads
-- the facts of, as the temporary view period_dialogs. Each worker finds only its own share
-- (the time indexes are read by each, the grouping and the probes split between them).
--
-- A session defines it before it reads a period (a report worker before it imports the
-- report's snapshot: the read-only transaction can create nothing); the settings are read when
-- a statement selects from it, so one definition serves every period of the session. In psql:
--   \i queries/extraction/period_dialogs.sql
--
-- Which dialogs (a superset of those the engine counts anything of in the period):
--   * a message, an assignment or a status change in the period, at or before as_of (episodes
--     start at a customer message; replies, assignments, messages sent, closes and auto-closes
--     count at their own instant; the cohort opens at a customer message or an acceptance);
--   * a dialog open at the period's start (it counts in its responsible's peak open dialogs) with
--     no fact in it. Its state there is read from the status changes at or after the cut (the
--     period's start, or just after as_of when as_of is earlier) and dialog_status_latest:
--     - its first status change from the cut on is a close (open until then);
--     - or it has none since the cut, and its latest change of all time leaves it open;
--     - or its `opened` change comes after the cut but a (late) message of it before the cut;
--     - or its changes were stored out of time order (a late close): always read.
-- Any other dialog was closed at the period's start and has no fact in it: every figure of the
-- period is the same without it (docs/PERFORMANCE.md, "Period-bounded extraction").
--
-- Column: dialog_key (each chosen dialog once).
--
-- Cost: the period's facts are found through the time indexes (messages_by_time,
-- assignments_by_time, dialog_status_changes_by_time), the dialogs open at the start through
-- the status changes since the cut (one primary-key probe each) and the partial index
-- dialog_status_latest_open, so a day's report reads a day's worth of index (and what came after
-- it, up to now), whatever the history holds.
CREATE OR REPLACE TEMP VIEW period_dialogs AS
WITH settings AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker
),
-- The cut: the engine's open/closed state "at the period's start" is that after the facts
-- before the period's start, or after every fact up to as_of when as_of is earlier.
as_of AS (
    SELECT *, least(period_start, t + interval '1 microsecond') AS cut FROM settings
),
chosen (dialog_key) AS (
    SELECT m.dialog_key FROM messages m, as_of
    WHERE m.created_at >= as_of.period_start AND m.created_at < as_of.period_end AND m.created_at <= as_of.t
      AND m.dialog_key % as_of.workers = as_of.worker
    UNION ALL
    SELECT a.dialog_key FROM assignments a, as_of
    WHERE a.at >= as_of.period_start AND a.at < as_of.period_end AND a.at <= as_of.t
      AND a.dialog_key % as_of.workers = as_of.worker
    UNION ALL
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.period_start AND c.at < as_of.period_end AND c.at <= as_of.t
      AND c.dialog_key % as_of.workers = as_of.worker
    UNION ALL
    -- Open at the cut and closed since: the first change from the cut on is a close.
    -- (Scalar subqueries: one primary-key probe per change, never a join over the history.)
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.cut AND c.change = 'closed' AND c.dialog_key % as_of.workers = as_of.worker
      AND (SELECT e.seq FROM dialog_status_changes e
           WHERE e.dialog_key = c.dialog_key AND (e.seq, e.position) < (c.seq, c.position)
             AND e.at >= as_of.cut
           LIMIT 1) IS NULL
    UNION ALL
    -- Opened from the cut on by a message, with a (late) message stamped before the cut.
    SELECT c.dialog_key FROM dialog_status_changes c, as_of
    WHERE c.at >= as_of.cut AND c.change = 'opened' AND c.dialog_key % as_of.workers = as_of.worker
      AND (SELECT min(m.created_at) FROM messages m WHERE m.dialog_key = c.dialog_key) < as_of.cut
    UNION ALL
    -- Open after the latest change of all time, or changed out of time order.
    SELECT l.dialog_key FROM dialog_status_latest l, as_of
    WHERE (l.is_open OR l.disordered) AND l.dialog_key % as_of.workers = as_of.worker
)
SELECT DISTINCT dialog_key FROM chosen;

-- The auto-close timers by class (issue 17: ingestion costs what the batch holds).
--
-- Before each batch the ingester loads the open dialogs whose timer runs out by the batch's end:
-- those held by a user after `auto_close_assigned_s` (1 day in the generated months), the others
-- (unassigned, or held by a bot) after 30 days. 0004 indexed the timers by `armed_at` alone and
-- took the class from `dialogs`, so every batch read every timer armed before the users' bound
-- and probed `dialogs` for each: the dialogs left open for their 30 days pile up over a month
-- (28,320 of the 1M month's 48,499 timers), and the look-up cost 130 ms a batch by the month's end
-- (113k buffers; planned above `jit_above_cost`, it was compiled too) for a handful of due
-- dialogs. The class is now kept in the timer's row (written from the same `tmp_dialogs` rows as
-- `armed_at`, ingest/write.sql) and leads the index: each class is one range scan that returns
-- the due dialogs alone.
ALTER TABLE dialog_timers ADD COLUMN held_by_user boolean NOT NULL DEFAULT false;
UPDATE dialog_timers t SET held_by_user = true
FROM dialogs d
WHERE d.dialog_key = t.dialog_key AND d.responsible_user_key IS NOT NULL;
DROP INDEX dialog_timers_due;
CREATE INDEX dialog_timers_due ON dialog_timers (held_by_user, armed_at);

-- The customer dialogs that can change a figure of one period [chatsla.period_start,
-- chatsla.period_end) (both instants, the period's local dates resolved in its time zone), each
-- with its whole history: one row per dialog, its header and its fact log (the client keeps the
-- facts up to as_of, groups them by dialog, DialogFactGroups, and sorts each dialog's facts by
-- (at, seq, code)).
--
-- Columns: dialog_key, channel_key, dialog_id, pending (held by the privacy policy at as_of),
-- accepted_at (the privacy acceptance instant by as_of, NULL when none), facts (the dialog's fact
-- log, queries/schema/0015_dialog_fact_logs.sql; NULL for a pending dialog, which counts in no
-- figure, workload included).
--
-- The fact codes of the logs and of the engine's input (ChatStore's PackedFact):
--   code 1  automatic close (it precedes the event that triggered it, which shares its seq and
--           may share its instant: "an event stamped exactly at a deadline comes after the close")
--   code 2  customer message
--   code 3  user message: ref = user_key, flag = failed by as_of
--   code 4  bot message: ref = bot_key, flag = failed by as_of
--   code 5  assignment to a user: ref = user_key
--   code 6  assignment to a bot: ref = bot_key
--   code 7  assignment to nobody
--   code 8  close by a user: ref = user_key
--   code 9  close by a bot: ref = bot_key
--   code 10 close by the system actor (`{"system": true}`): neither a resolution nor automatic
--   code 11 reopen by a customer message, as ingestion stored it
-- Ties: facts of one event share (at, seq) and the engine relies on their code order there:
--   1 before everything (the automatic close comes before the event that materialised it);
--   2 before 11 (a customer message before the reopen it caused: the message starts or joins
--   the episode either way, the reopen then counts the dialog open again);
--   3 before 5 (a user's reply before the first-responder assignment it caused).
-- Opening and reopening come from stored facts: the dialog opens at its earliest customer
-- message, and a closed dialog opens again only at a stored reopen (code 11), never at a
-- customer message alone (a late message before a close reopens at that close).
-- A message counts as failed when its last status by as_of is `failed` (SPEC §2): the client
-- finds it from the status records (code 12) of the dialog's log, which hold every status of a
-- message with a `failed` one (queries/schema/0016_status_records.sql); a send stored blocked
-- carries its flag in its record.
--
-- Which dialogs: those of the temporary view period_dialogs (period_dialogs.sql, defined on the
-- session first), customer dialogs alone. A dialog carried into the period (no fact in it) gets
-- its whole log like any other: its facts before the period change no figure of it.
--
-- Cost: the dialogs are found by index (period_dialogs.sql), then each dialog's header and log by
-- primary key: two probes a dialog, whatever its history holds.
-- A period that holds a twelfth or more of the history reads dialog_facts.sql instead (a raw read
-- of both tables is then cheaper than look-ups).
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t
)
-- Each chosen dialog is looked up by key (LATERAL … OFFSET 0 keeps the planner from turning the
-- look-ups into hash joins over whole tables, which its generic estimates for the settings-bound
-- instants would otherwise pick). period_dialogs holds this worker's share alone.
SELECT d.dialog_key, d.channel_key, d.dialog_id, d.pending,
       CASE WHEN d.privacy_accepted_at <= as_of.t THEN d.privacy_accepted_at END AS accepted_at,
       CASE WHEN NOT d.pending THEN (SELECT l.facts FROM dialog_fact_logs l WHERE l.dialog_key = d.dialog_key) END
FROM period_dialogs t
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT d.dialog_key, d.channel_key, d.dialog_id, d.privacy_accepted_at,
                           (d.privacy = 'pending' OR d.privacy_accepted_at > as_of.t) IS TRUE AS pending
                    FROM dialogs d WHERE d.dialog_key = t.dialog_key AND d.kind = 'customer' OFFSET 0) d

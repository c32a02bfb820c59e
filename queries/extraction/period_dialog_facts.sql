-- The customer dialogs that can change a figure of one period [chatsla.period_start,
-- chatsla.period_end) (both instants, the period's local dates resolved in its time zone), each
-- with its whole history: one row per dialog, its header and its fact log, both from its
-- dialog_fact_logs row (the client keeps the facts up to as_of, groups them by dialog,
-- DialogFactGroups, and sorts each dialog's facts by (at, seq, code)).
--
-- Columns: those of dialog_facts.sql's `logs` (dialog_key, channel_key, dialog_id, kind, privacy,
-- privacy_accepted_at, facts), so that one reader (ChatStore's CollectedFacts.readLogRow) takes
-- both.
-- A dialog the privacy policy holds at as_of (pending, or accepted after as_of) counts in no
-- figure, workload included (SLAAccumulator.add): it is not read at all (at 1M dialogs 28.5k of
-- the 68.7k dialogs left open are held).
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
-- The logs hold three more codes that are not facts: 12 a status of a message with a `failed`
-- one (below), 13 a privacy acceptance (the header holds its instant), 14 an order created from
-- the dialog (schema 0021: the client lists the dialogs with one, whose orders
-- period_chat_orders.sql looks up). Each moves the log's first_at / last_at like a fact.
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
--     acceptance opens it in dialog_status_latest). Internal threads and dialogs the privacy
--     policy holds are kept out of that index (`held`, schema 0019): no report reads them. A
--     dialog whose latest change is at or after the cut is left to the first part: a status
--     change is at the instant of a record of the dialog's log (schema 0020), so its log has a
--     fact from the cut on, and the first part takes it unless it has no fact before the
--     period's end or by as_of (it then counts in nothing).
-- Any other dialog was closed at the cut and has no fact in the period: every figure of the
-- period is the same without it (docs/PERFORMANCE.md, "Period-bounded extraction"). The choice
-- holds more than the period needs when as_of is long after the period (dialogs active since);
-- the engine reads each whole, so the figures are those of a read of the whole history. The
-- second part leaves out what the first chose, so each dialog comes once. A worker reads its
-- share alone: dialog keys equal to chatsla.worker modulo chatsla.workers.
--
-- Cost: the first part is one range scan of dialog_fact_logs_by_last, of the entries in the
-- worker's lane (the key's parity, the index's second column, schema 0020: both lanes for an odd
-- number of workers), that reads each chosen row
-- where it finds it (header and log together, schema 0017); the second, the partial index
-- dialog_status_latest_open (the open dialogs not held: 20k of 68.7k at 1M, each with its latest
-- change's instant) and a probe of the log by key for those changed before the cut (2k of the
-- 20k for a day at 1M; LATERAL … OFFSET 0 keeps the planner
-- from turning the probes into a hash join over the whole table, which its generic estimates for
-- the settings-bound instants would otherwise pick). A day's report reads a day's worth of index
-- and the dialogs still open, whatever the history holds.
-- A period that holds a twelfth or more of the history reads dialog_facts.sql instead (a raw read
-- of the table is then cheaper than look-ups).
WITH settings AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t,
           current_setting('chatsla.period_start')::timestamptz AS period_start,
           current_setting('chatsla.period_end')::timestamptz AS period_end,
           current_setting('chatsla.workers')::bigint AS workers,
           current_setting('chatsla.worker')::bigint AS worker
),
as_of AS (
    SELECT *, least(period_start, t + interval '1 microsecond') AS cut,
           CASE WHEN workers % 2 = 0 THEN worker % 2 ELSE 0 END AS first_lane,
           CASE WHEN workers % 2 = 0 THEN worker % 2 ELSE 1 END AS last_lane
    FROM settings
)
SELECT l.dialog_key, l.channel_key, l.dialog_id, l.kind, l.privacy, l.privacy_accepted_at, l.facts
FROM dialog_fact_logs l
CROSS JOIN as_of
WHERE l.last_at >= as_of.cut AND (l.dialog_key % 2) BETWEEN as_of.first_lane AND as_of.last_lane
  AND l.first_at < as_of.period_end AND l.first_at <= as_of.t
  AND l.dialog_key % as_of.workers = as_of.worker AND l.kind = 'customer'
  AND l.privacy <> 'pending' AND (l.privacy_accepted_at > as_of.t) IS NOT TRUE
UNION ALL
SELECT l.dialog_key, l.channel_key, l.dialog_id, l.kind, l.privacy, l.privacy_accepted_at, l.facts
FROM dialog_status_latest s
CROSS JOIN as_of
CROSS JOIN LATERAL (SELECT l.dialog_key, l.channel_key, l.dialog_id, l.kind, l.privacy, l.privacy_accepted_at,
                           l.facts, l.first_at, l.last_at
                    FROM dialog_fact_logs l WHERE l.dialog_key = s.dialog_key OFFSET 0) l
WHERE (s.is_open OR s.disordered) AND NOT s.held AND s.at < as_of.cut
  AND s.dialog_key % as_of.workers = as_of.worker AND l.kind = 'customer'
  AND l.privacy <> 'pending' AND (l.privacy_accepted_at > as_of.t) IS NOT TRUE
  AND (l.last_at >= as_of.cut AND l.first_at < as_of.period_end AND l.first_at <= as_of.t) IS NOT TRUE

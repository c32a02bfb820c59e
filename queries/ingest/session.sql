-- Ingestion sessions: who holds the ingestion lock, and how `chatsla serve` commits.
-- Each statement is named by the comment line above it.

-- name: application_name
-- The name other sessions see in pg_stat_activity (and in the lock holder's sentence below).
SELECT set_config('application_name', $1, false);

-- name: lock_holder
-- The session holding the ingestion lock (pg_try_advisory_lock(7417002): classid 0, objid 7417002)
-- of this database (advisory locks are per database).
SELECT a.pid, coalesce(nullif(a.application_name, ''), 'a session without a name'),
       coalesce(host(a.client_addr), 'the local socket'),
       to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"')
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = 7417002 AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database());

-- name: ping
-- `chatsla serve` checks its connection while idle, so that /healthz tells when the database is gone.
SELECT 1;

-- name: keep_temp_rows
-- `chatsla serve` commits many small transactions: emptying the ON COMMIT DELETE ROWS temp tables
-- at every commit truncates each of them (about 2 ms a table here). Its session recreates every
-- temp table of the session (tmp_* of write.sql, want_* of load.sql) without that clause and
-- empties the tmp_* tables a write transaction filled with a DELETE inside it instead (want_* by
-- load_forget_wanted after a load that found rows).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c
             WHERE c.relnamespace = pg_my_temp_schema() AND c.relkind = 'r'
    LOOP
        EXECUTE format('CREATE TEMP TABLE %I (LIKE pg_temp.%I INCLUDING ALL)', t.relname || '_kept', t.relname);
        EXECUTE format('DROP TABLE pg_temp.%I', t.relname);
        EXECUTE format('ALTER TABLE pg_temp.%I RENAME TO %I', t.relname || '_kept', t.relname);
    END LOOP;
END $$;

-- name: temp_table_cleanup
-- The statement that empties every temp table of the session, now and then, to give back the
-- space that the DELETEs of each transaction (of the tables it wrote, see Ingester+Write) leave.
SELECT 'TRUNCATE ' || string_agg(format('pg_temp.%I', relname), ', ' ORDER BY relname)
FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r';

-- name: flush_session
-- The flusher's session (`chatsla serve`), set once when it connects: its commits wait for the WAL
-- flush.
SET synchronous_commit = on;

-- name: flush_commits
-- A transaction that writes WAL (a transactional logical message: an xid and a record, no table),
-- so that with synchronous_commit on its commit waits for the WAL flush. Its commit record follows
-- the commits of the ingesting session (which commits with synchronous_commit off), so that flush
-- is theirs too. (A transaction that only takes an xid writes no WAL and is not flushed.)
SELECT pg_logical_emit_message(true, 'chatsla serve', 'flush');

-- name: plan_by_key
-- While it ingests, a session reaches stored rows only by key (ingestion costs what the batch
-- holds): no parallel plans, no hash or merge joins. The planner knows nothing of the temp
-- tables' rows and, on a history of 300k dialogs, read `dialogs` and `contacts` whole to hash
-- them for a few thousand keys (35-60 ms a statement, several a batch), and the whole ledger in
-- parallel for 20,000 ids (310 ms against 39 ms by the index); nested loops over the indexes
-- cost what the batch names, whatever the history holds. `chatsla ingest` sets this for each
-- input and puts the defaults back after it (plan_defaults: the connection may run a report or
-- the SQL reference next, which need hash joins); `chatsla serve`'s ingesting connection keeps it.
-- Nor JIT compilation: a look-up of 20,000 ids by key is estimated above jit_above_cost and was
-- compiled at every batch (7 ms of a 50 ms look-up at 1M dialogs) for probes that compiled code
-- does not speed up.
SET max_parallel_workers_per_gather = 0;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET jit = off;

-- name: generic_plans
-- `chatsla serve`'s ingesting session prepares the merges of its write scripts, and a small
-- group's look-ups by key (arrays of ids as parameters): each keeps one plan made without the
-- values. The default (`auto`) plans the look-ups again at every call, the generic plan's guess of
-- an array's length costing more than the few ids a webhook names (`load_named`: 0.72 ms of a
-- 2.6 ms single-event group, 0.15 ms prepared). A large group's look-ups are neither prepared nor
-- planned generically (custom_plans; Ingester.preparedGroupLines): for 13,000 lines the generic
-- plan of `load_named` ran 6x longer.
SET plan_cache_mode = force_generic_plan;

-- name: custom_plans
-- A large group's look-ups: planned for the values at each call (see generic_plans).
RESET plan_cache_mode;

-- name: plan_defaults
RESET max_parallel_workers_per_gather;
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET jit;

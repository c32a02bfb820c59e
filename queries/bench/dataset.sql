-- `chatsla bench all`: the generated datasets, each loaded once into its own schema (psql variable
-- `schema`, e.g. `psql -v schema=chatsla_bench_m10000000_s7`) and recorded in
-- public.chatsla_bench_datasets only once fully loaded and analysed.

-- name: create_registry
CREATE TABLE IF NOT EXISTS public.chatsla_bench_datasets (
    schema_name text PRIMARY KEY, messages_requested bigint NOT NULL, seed bigint NOT NULL,
    dialogs bigint NOT NULL, messages bigint NOT NULL, events bigint NOT NULL,
    load_seconds double precision NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());

-- name: recorded
SELECT dialogs, messages, events, load_seconds FROM public.chatsla_bench_datasets WHERE schema_name = $1;

-- name: recreate_schema
DROP SCHEMA IF EXISTS :"schema" CASCADE;
CREATE SCHEMA :"schema";

-- name: analyze
-- On a connection with the dataset's schema first on the search path, after the load.
VACUUM ANALYZE;

-- name: counts
SELECT (SELECT count(*) FROM dialogs), (SELECT count(*) FROM messages);

-- name: record
INSERT INTO public.chatsla_bench_datasets
    (schema_name, messages_requested, seed, dialogs, messages, events, load_seconds)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: clock
-- The domain clock: the latest `at` among accepted events (one row, not a scan); the reports'
-- `as_of`.
SELECT (extract(epoch FROM clock_at) * 1000000)::bigint FROM ingest_state;

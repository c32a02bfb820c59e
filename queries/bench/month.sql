-- `chatsla bench ingest --dialogs N`: a generated month ingested into its own schema
-- (psql variable `schema`, e.g. `psql -v schema=chatsla_bench_month_d300000`), then measured.

-- name: recreate_schema
DROP SCHEMA IF EXISTS :"schema" CASCADE;
CREATE SCHEMA :"schema";

-- name: tables
-- The schema's tables, qualified, for the VACUUM (ANALYZE) between the bulk load and the last day
-- (VACUUM takes no bind parameters and runs outside functions: the client lists them).
SELECT format('%I.%I', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind = 'r'
ORDER BY 1;

-- name: sizes
-- The schema's bytes (tables, their indexes and TOAST), the ledger's bytes, the ledger's rows and
-- the stored messages.
SELECT (SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')),
       (SELECT pg_total_relation_size(format('%I.ingested_events', $1::text)::regclass)),
       (SELECT count(*) FROM :"schema".ingested_events),
       (SELECT count(*) FROM :"schema".messages);

-- name: drop_schema
DROP SCHEMA IF EXISTS :"schema" CASCADE;

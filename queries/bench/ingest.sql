-- `chatsla bench ingest`: a private schema for the run, and the raw COPY baseline.

-- name: create_schema
DROP SCHEMA IF EXISTS chatsla_bench_ingest CASCADE;
CREATE SCHEMA chatsla_bench_ingest;
SET search_path TO chatsla_bench_ingest;

-- name: drop_schema
DROP SCHEMA IF EXISTS chatsla_bench_ingest CASCADE;

-- name: export_messages
COPY messages TO STDOUT;

-- name: create_baseline
CREATE TABLE baseline_messages (LIKE messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);

-- name: copy_baseline
COPY baseline_messages FROM STDIN;

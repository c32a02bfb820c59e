-- `chatsla bench serve`: a private schema per measured run (the server and the file ingest each get
-- a fresh one), found through the connection's search_path (options=-c search_path=chatsla_bench_serve).

-- name: create_schema
DROP SCHEMA IF EXISTS chatsla_bench_serve CASCADE;
CREATE SCHEMA chatsla_bench_serve;
SET search_path TO chatsla_bench_serve;

-- name: drop_schema
DROP SCHEMA IF EXISTS chatsla_bench_serve CASCADE;

-- name: outcome_counts
SELECT count(*) FILTER (WHERE accepted), count(*) FILTER (WHERE NOT accepted), (SELECT count(*) FROM rejected_events)
FROM ingested_events;

-- name: applied_events
-- The events as the server applied them (ingestion order): the file baseline of the same work.
SELECT event_id FROM ingested_events ORDER BY seq;

-- name: refusal_codes
-- The most frequent rejection codes of the run (how far delivery order differs from the file's).
SELECT code, count(*) FROM rejected_events GROUP BY code ORDER BY count(*) DESC, code LIMIT 3;

-- `chatsla bench copy`: a table shaped like the report's message extraction (keys, an instant, a
-- kind, a short text), filled through the client's binary COPY FROM, then read by psql and by the
-- client in both formats.

-- name: create_table
DROP TABLE IF EXISTS chatsla_bench_copy;
CREATE TABLE chatsla_bench_copy (id bigint, dialog_key bigint, created_at timestamptz,
    sender_kind text, user_key integer, body text);

-- name: fill
COPY chatsla_bench_copy FROM STDIN (FORMAT binary);

-- name: analyze
VACUUM ANALYZE chatsla_bench_copy;

-- name: read_binary
COPY chatsla_bench_copy TO STDOUT (FORMAT binary);

-- name: read_text
COPY chatsla_bench_copy TO STDOUT;

-- name: drop_table
DROP TABLE chatsla_bench_copy;

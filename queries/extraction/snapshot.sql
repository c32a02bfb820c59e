-- One snapshot for every connection of a report (and of tune), as `pg_dump --jobs` does: the
-- coordinating connection opens a repeatable-read transaction and exports its snapshot; each
-- worker opens its own and imports it before any other statement, so all of them see the same
-- committed data, whatever commits meanwhile (SPEC §2: one report, one state of the data).

-- name: begin
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;

-- name: export
SELECT pg_export_snapshot();

-- name: import
-- The snapshot id is the one `export` returned (checked to be hex digits and dashes), the only
-- value a SET TRANSACTION SNAPSHOT takes: it cannot be a bind parameter.
SET TRANSACTION SNAPSHOT '00000000-00000000-0';

-- name: end
COMMIT;

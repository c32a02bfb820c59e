-- Period-bounded report extraction (issue 22): a report for --from … --to reads only the dialogs
-- that can change a figure of its period (queries/extraction/period_dialogs.sql), found by index
-- instead of by reading every fact of the history. docs/PERFORMANCE.md says why these and not
-- time-partitioned tables.

-- 1. Facts by instant. messages_by_time (0001) already serves messages.
CREATE INDEX assignments_by_time ON assignments (at);
CREATE INDEX dialog_status_changes_by_time ON dialog_status_changes (at);
CREATE INDEX orders_by_time ON orders (created_at);

-- 2. Failed statuses alone (0.5% of message_statuses): the only messages whose last status can be
--    `failed`, found without reading every status of the history.
CREATE INDEX message_statuses_failed ON message_statuses (message_key, at) WHERE status = 'failed';

-- 3. Each dialog's latest status change by (at, seq), whether it leaves the dialog open, and
--    whether the dialog's status changes were ever stored out of time order. For a dialog whose
--    changes came in time order (all but late closes and late acceptances), ingestion order is
--    the engine's order, so a dialog open at an instant T is found from the changes at or after
--    T alone (period_dialog_facts.sql): its first change from T on is a close, or it has none and
--    its latest change of all time leaves it open (the partial index below). A dialog stored out
--    of order is always read. "Open" is taken widely (a superset): `opened`, `reopened` and
--    `privacy_accepted` count as open, and an open change wins a tie with a close of the same
--    (at, seq); the report's engine then decides from the facts themselves.
--    The table follows dialog_status_changes through a statement trigger (two set-based
--    statements per ingested batch, whatever its size); the history is never updated or deleted.
CREATE TABLE dialog_status_latest (
    dialog_key     bigint PRIMARY KEY,
    at             timestamptz NOT NULL,
    seq            bigint NOT NULL,
    is_open        boolean NOT NULL,
    disordered     boolean NOT NULL
);
CREATE INDEX dialog_status_latest_open ON dialog_status_latest (dialog_key) WHERE is_open OR disordered;

CREATE FUNCTION dialog_status_latest_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A change stamped before the latest one already stored: out of time order.
    UPDATE dialog_status_latest l SET disordered = true
    FROM (SELECT dialog_key, min(at) AS earliest FROM added GROUP BY dialog_key) n
    WHERE n.dialog_key = l.dialog_key AND n.earliest < l.at AND NOT l.disordered;
    INSERT INTO dialog_status_latest AS l (dialog_key, at, seq, is_open, disordered)
    SELECT DISTINCT ON (dialog_key) dialog_key, at, seq, change <> 'closed',
           bool_or(at < previous_at) OVER (PARTITION BY dialog_key) IS TRUE
    FROM (SELECT *, lag(at) OVER (PARTITION BY dialog_key ORDER BY seq, position) AS previous_at FROM added) b
    ORDER BY dialog_key, at DESC, seq DESC, (change <> 'closed') DESC
    ON CONFLICT (dialog_key) DO UPDATE
        SET at = EXCLUDED.at, seq = EXCLUDED.seq, is_open = EXCLUDED.is_open,
            disordered = l.disordered OR EXCLUDED.disordered
        WHERE (EXCLUDED.at, EXCLUDED.seq) > (l.at, l.seq)
           OR ((EXCLUDED.at, EXCLUDED.seq) = (l.at, l.seq) AND EXCLUDED.is_open AND NOT l.is_open);
    RETURN NULL;
END
$$;

CREATE TRIGGER dialog_status_latest_follow
    AFTER INSERT ON dialog_status_changes
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION dialog_status_latest_follow();

INSERT INTO dialog_status_latest (dialog_key, at, seq, is_open, disordered)
SELECT DISTINCT ON (dialog_key) dialog_key, at, seq, change <> 'closed',
       bool_or(at < previous_at) OVER (PARTITION BY dialog_key) IS TRUE
FROM (SELECT *, lag(at) OVER (PARTITION BY dialog_key ORDER BY seq, position) AS previous_at
      FROM dialog_status_changes) b
ORDER BY dialog_key, at DESC, seq DESC, (change <> 'closed') DESC;

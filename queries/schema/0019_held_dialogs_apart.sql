-- The dialogs no report reads kept out of dialog_status_latest_open. A period's second choice
-- (queries/extraction/period_dialog_facts.sql: dialogs open at the period's start with no fact
-- since) walked that index and probed the log of every dialog in it, then dropped the internal
-- threads (which never close: their number grows with the history) and the dialogs the privacy
-- policy holds: at 1M dialogs 48.7k of the 68.7k index entries, for about 500 rows kept, 0.1 s of
-- server time per worker for a day.
--
-- `held`: the dialog is internal, or pending under the privacy policy, as `dialogs` says when a
-- status change of the dialog is stored (the batch's dialogs are merged before its status
-- changes are COPYed, queries/ingest/write.sql). Neither can be read by any report: kind never
-- changes, and a dialog pending now was pending at every instant up to now (SPEC §1: held "until
-- the customer accepts"). An acceptance clears it, whatever its instant. A dialog not held may
-- still be left out by the report (accepted after as_of): the index is a superset, as before.
ALTER TABLE dialog_status_latest ADD COLUMN held boolean NOT NULL DEFAULT false;

UPDATE dialog_status_latest s SET held = true
FROM dialogs d
WHERE d.dialog_key = s.dialog_key AND (d.kind <> 'customer' OR d.privacy = 'pending');

DROP INDEX dialog_status_latest_open;
CREATE INDEX dialog_status_latest_open ON dialog_status_latest (dialog_key) WHERE (is_open OR disordered) AND NOT held;

CREATE OR REPLACE FUNCTION dialog_status_latest_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A change stamped before the latest one already stored: out of time order.
    UPDATE dialog_status_latest l SET disordered = true
    FROM (SELECT dialog_key, min(at) AS earliest FROM added GROUP BY dialog_key) n
    WHERE n.dialog_key = l.dialog_key AND n.earliest < l.at AND NOT l.disordered;
    -- An acceptance, at whatever instant, ends the hold.
    UPDATE dialog_status_latest l SET held = false
    FROM added a
    WHERE a.change = 'privacy_accepted' AND a.dialog_key = l.dialog_key AND l.held;
    INSERT INTO dialog_status_latest AS l (dialog_key, at, seq, is_open, disordered, held)
    SELECT b.dialog_key, b.at, b.seq, b.is_open, b.disordered,
           coalesce((SELECT d.kind <> 'customer' OR d.privacy = 'pending' FROM dialogs d
                     WHERE d.dialog_key = b.dialog_key), false)
    FROM (SELECT DISTINCT ON (dialog_key) dialog_key, at, seq, change <> 'closed' AS is_open,
                 bool_or(at < previous_at) OVER (PARTITION BY dialog_key) IS TRUE AS disordered
          FROM (SELECT *, lag(at) OVER (PARTITION BY dialog_key ORDER BY seq, position) AS previous_at FROM added) c
          ORDER BY dialog_key, at DESC, seq DESC, (change <> 'closed') DESC) b
    ON CONFLICT (dialog_key) DO UPDATE
        SET at = EXCLUDED.at, seq = EXCLUDED.seq, is_open = EXCLUDED.is_open,
            disordered = l.disordered OR EXCLUDED.disordered
        WHERE (EXCLUDED.at, EXCLUDED.seq) > (l.at, l.seq)
           OR ((EXCLUDED.at, EXCLUDED.seq) = (l.at, l.seq) AND EXCLUDED.is_open AND NOT l.is_open);
    RETURN NULL;
END
$$;

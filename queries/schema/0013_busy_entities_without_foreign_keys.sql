-- `dialogs` and `contacts` without foreign keys (issue 17, the bulk rate; docs/DECISIONS.md
-- "The busiest entity tables without foreign keys").
--
-- 0001's rule for the high-volume histories (no foreign keys: a per-row check costs about as much
-- as the row; scripts/ingest-integrity.sql checks the references in the tests) now covers the two
-- entity tables that every batch merges from its temp tables. Their seven keys (a dialog's
-- channel, contact, customer, responsible user and bot; a contact's channel and customer) cost
-- most of what the schema's 42 foreign keys cost an ingest: 1M events into a fresh schema took
-- 12.4-14.2 s of the server's CPU with all of them, 10.7-10.8 s without these seven, 10.0-10.3 s
-- without any. The keys are handed out by the single ingester (advisory lock), for rows of the
-- same transaction or of committed ones; other tables' keys to dialogs and contacts stay.
DO $$
DECLARE
    dropped record;
BEGIN
    FOR dropped IN
        SELECT t.relname, k.conname
        FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
        WHERE k.contype = 'f' AND t.relname IN ('dialogs', 'contacts')
          AND t.relnamespace = current_schema()::regnamespace
        ORDER BY t.relname, k.conname
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', dropped.relname, dropped.conname);
    END LOOP;
END
$$;

-- The event ledger (issue 17) keeps only what idempotency needs: the event id (its primary key,
-- looked up once per batch), the order it was applied in (`seq`), whether the rules accepted it
-- (the watermark totals' check), and 16 bytes of the SHA-256 of its canonical text (enough to tell
-- a harmless re-send from a `conflicting_duplicate`: 2^-128 for two given contents, 2^64 events
-- for an even chance of any collision). The event's type and instant are dropped: nothing reads
-- them back (the facts tables hold every accepted event's instant). The fixed-width columns
-- come first, so that a row takes 64 bytes instead of 112.
CREATE TABLE ingested_events_lean (
    seq            bigint NOT NULL,
    accepted       boolean NOT NULL,
    event_id       text NOT NULL,
    digest         bytea NOT NULL
);
INSERT INTO ingested_events_lean (seq, accepted, event_id, digest)
SELECT seq, accepted, event_id, substring(digest FROM 1 FOR 16) FROM ingested_events ORDER BY seq;
DROP TABLE ingested_events;
ALTER TABLE ingested_events_lean RENAME TO ingested_events;
ALTER TABLE ingested_events ADD CONSTRAINT ingested_events_pkey PRIMARY KEY (event_id);

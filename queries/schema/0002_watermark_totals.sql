-- The report's data watermark without a scan of `ingested_events` (the largest table: every row
-- holds its event's canonical JSON, about 9 GB at 10M messages). The ingester adds each batch's
-- counts in the batch's own transaction, so the totals always equal the table's.
ALTER TABLE ingest_state
    ADD COLUMN accepted_events bigint NOT NULL DEFAULT 0,
    -- Events the domain rules refused (their ids are in ingested_events with accepted = false).
    ADD COLUMN refused_events  bigint NOT NULL DEFAULT 0;

UPDATE ingest_state
SET accepted_events = totals.accepted, refused_events = totals.refused
FROM (SELECT count(*) FILTER (WHERE accepted) AS accepted, count(*) FILTER (WHERE NOT accepted) AS refused
      FROM ingested_events) totals;

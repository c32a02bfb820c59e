-- The data watermark shown in the report: how much has been ingested and up to which instant.
-- The ingester keeps these totals in ingest_state batch by batch (0002_watermark_totals.sql), so
-- this reads one row instead of scanning ingested_events. clock_at is the domain's clock: the
-- latest `at` among accepted events.
SELECT accepted_events, refused_events,
       (extract(epoch FROM clock_at) * 1000000)::bigint,
       last_seq
FROM ingest_state

-- The data watermark shown in the report: how much has been ingested and up to which instant.
SELECT count(*) FILTER (WHERE accepted), count(*) FILTER (WHERE NOT accepted),
       (extract(epoch FROM max(at) FILTER (WHERE accepted)) * 1000000)::bigint,
       coalesce(max(seq), 0)
FROM ingested_events

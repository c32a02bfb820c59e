-- The instant of the earliest stored message (µs), NULL when there is none: how much history the
-- report's period covers (ReportPipeline reads the whole history when the period holds most of
-- it). One step down the messages_by_time index.
SELECT (extract(epoch FROM min(created_at)) * 1000000)::bigint FROM messages

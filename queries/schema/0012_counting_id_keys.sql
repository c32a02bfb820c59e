-- The event ledger's and the messages' id keys ordered by (length, id) instead of by id alone
-- (issue 17, bytes per message; docs/DECISIONS.md "Id keys ordered by length first").
--
-- Ids that count upward ("s7-e9", "s7-e10", …, "evt-1001"; the generator's, and a common shape of
-- exported ids) arrive in no text order: "s7-e1000000" sorts between "s7-e100000" and
-- "s7-e100001", so from then on every new id goes to the middle of the B-tree, just after the one
-- before it, and every page split leaves a half-full page behind (54.6 bytes an entry in the
-- ledger's primary key at 2.9M events, where an entry is 28). Keyed on (length, id), such ids
-- arrive in key order: each goes to the right edge, and pages fill to 90% (31.5 bytes an entry,
-- and the inserts 13% faster). Ids of one length (UUIDs, tweet ids) are ordered as before.
-- The key is exactly as unique as the id (the length is a function of it); look-ups name both
-- (queries/ingest/restore.sql: seen_events, messages).
ALTER TABLE ingested_events DROP CONSTRAINT ingested_events_pkey;
CREATE UNIQUE INDEX ingested_events_by_id ON ingested_events ((length(event_id)), event_id);
ALTER TABLE messages DROP CONSTRAINT messages_message_id_key;
CREATE UNIQUE INDEX messages_by_id ON messages ((length(message_id)), message_id);

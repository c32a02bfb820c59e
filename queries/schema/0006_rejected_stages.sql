-- Two more places a line can be stopped before the rules (issue 16):
-- 'future'   (in_future: stamped more than the margin after the instant it was ingested; not in
--             ingested_events, so the sender may send the id again with a corrected `at`);
-- 'database' (a line the database itself refused: the batch was split to isolate it, and it is
--             rejected invalid_event with the server's message).
-- Both are recognised on a re-run by raw_digest, like 'decode' and 'ledger'.
ALTER TABLE rejected_events DROP CONSTRAINT rejected_events_stage_check;
ALTER TABLE rejected_events
    ADD CONSTRAINT rejected_events_stage_check
    CHECK (stage IN ('decode', 'ledger', 'rules', 'future', 'database'));

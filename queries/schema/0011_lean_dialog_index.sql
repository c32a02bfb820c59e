-- messages_by_dialog without its INCLUDE columns (sender_kind, sender_user_key, sender_bot_key):
-- they served index-only scans of an extraction sorted by dialog, which no statement runs any
-- more (the history is read raw, docs/PERFORMANCE.md "Session 10"; a period's dialogs read their
-- messages with the columns of the heap row). Every message pays for them at ingestion and in
-- bytes (91 bytes per entry at 1M dialogs; the key alone takes about 60): issue 17.
DROP INDEX messages_by_dialog;
CREATE INDEX messages_by_dialog ON messages (dialog_key, created_at, seq);

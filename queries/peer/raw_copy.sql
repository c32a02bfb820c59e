-- The benchmark's `copy_s`: a raw binary COPY of the columns the report's figures come from, in
-- heap order, no join, no ORDER BY: the physical floor of reading the report's inputs. Two
-- sessions, as the report streams on two connections: `messages` alone (the largest table), and
-- the other three one after the other.

-- name: messages
COPY messages (message_key, dialog_key, seq, created_at, sender_kind, sender_user_key, sender_bot_key,
               failure_reason) TO STDOUT (FORMAT binary);

-- name: others
COPY dialogs (dialog_key, dialog_id, kind, channel_key, privacy, privacy_accepted_at) TO STDOUT (FORMAT binary);
COPY assignments (dialog_key, seq, at, to_user_key, to_bot_key) TO STDOUT (FORMAT binary);
COPY dialog_status_changes (dialog_key, seq, at, change, by_kind, by_user_key, by_bot_key) TO STDOUT (FORMAT binary);

-- Referential checks for the tables that carry no foreign keys: the high-volume histories
-- (queries/schema/0001_init.sql) and the entity tables `dialogs` and `contacts` (0013); each
-- dialog's fact log (0015) against the records its tables give (the same records, in any order);
-- and dialog_status_latest's held flag (0019) against `dialogs`, its latest change's instant
-- against the log's last fact (0020: a change is at the instant of a record), and the whole row
-- against dialog_status_changes (0022: the ingester keeps it; out of time order when a change is
-- stamped before a change ingested ahead of it).
-- Every row is one broken reference or log; an intact database returns no rows.
-- Usage: psql -X -At "$DATABASE_URL" -f scripts/ingest-integrity.sql
SELECT 'messages.dialog_key', message_key FROM messages m
    WHERE NOT EXISTS (SELECT 1 FROM dialogs d WHERE d.dialog_key = m.dialog_key)
UNION ALL SELECT 'messages.sender_contact_key', message_key FROM messages m
    WHERE sender_contact_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.contact_key = m.sender_contact_key)
UNION ALL SELECT 'messages.sender_user_key', message_key FROM messages m
    WHERE sender_user_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_key = m.sender_user_key)
UNION ALL SELECT 'messages.sender_bot_key', message_key FROM messages m
    WHERE sender_bot_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bots b WHERE b.bot_key = m.sender_bot_key)
UNION ALL SELECT 'messages.quote_message_key', message_key FROM messages m
    WHERE quote_message_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages q WHERE q.message_key = m.quote_message_key)
UNION ALL SELECT 'messages.quick_reply_key', message_key FROM messages m
    WHERE quick_reply_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quick_replies q WHERE q.quick_reply_key = m.quick_reply_key)
UNION ALL SELECT 'message_attachments.message_key', message_key FROM message_attachments a
    WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.message_key = a.message_key)
UNION ALL SELECT 'message_statuses.message_key', message_key FROM message_statuses s
    WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.message_key = s.message_key)
UNION ALL SELECT 'message_edits.message_key', message_key FROM message_edits e
    WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.message_key = e.message_key)
UNION ALL SELECT 'assignments.dialog_key', dialog_key FROM assignments a
    WHERE NOT EXISTS (SELECT 1 FROM dialogs d WHERE d.dialog_key = a.dialog_key)
UNION ALL SELECT 'assignments.user', dialog_key FROM assignments a
    WHERE EXISTS (SELECT 1 FROM unnest(ARRAY[a.from_user_key, a.to_user_key, a.by_user_key]) k
                  WHERE k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_key = k))
UNION ALL SELECT 'assignments.bot', dialog_key FROM assignments a
    WHERE EXISTS (SELECT 1 FROM unnest(ARRAY[a.from_bot_key, a.to_bot_key, a.by_bot_key]) k
                  WHERE k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bots b WHERE b.bot_key = k))
UNION ALL SELECT 'dialog_status_changes.dialog_key', dialog_key FROM dialog_status_changes c
    WHERE NOT EXISTS (SELECT 1 FROM dialogs d WHERE d.dialog_key = c.dialog_key)
UNION ALL SELECT 'dialog_status_changes.by', dialog_key FROM dialog_status_changes c
    WHERE (by_user_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_key = c.by_user_key))
       OR (by_bot_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bots b WHERE b.bot_key = c.by_bot_key))
UNION ALL SELECT 'dialogs.channel_key', dialog_key FROM dialogs d
    WHERE channel_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM channels c WHERE c.channel_key = d.channel_key)
UNION ALL SELECT 'dialogs.contact_key', dialog_key FROM dialogs d
    WHERE contact_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.contact_key = d.contact_key)
UNION ALL SELECT 'dialogs.customer_key', dialog_key FROM dialogs d
    WHERE customer_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_key = d.customer_key)
UNION ALL SELECT 'dialogs.responsible_user_key', dialog_key FROM dialogs d
    WHERE responsible_user_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_key = d.responsible_user_key)
UNION ALL SELECT 'dialogs.responsible_bot_key', dialog_key FROM dialogs d
    WHERE responsible_bot_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bots b WHERE b.bot_key = d.responsible_bot_key)
UNION ALL SELECT 'contacts.channel_key', contact_key FROM contacts k
    WHERE NOT EXISTS (SELECT 1 FROM channels c WHERE c.channel_key = k.channel_key)
UNION ALL SELECT 'contacts.customer_key', contact_key FROM contacts k
    WHERE customer_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_key = k.customer_key)
UNION ALL SELECT 'dialog_fact_logs.facts', coalesce(t.dialog_key, l.dialog_key)
    FROM (SELECT dialog_key, array_agg(record ORDER BY record) AS records, min(at) AS first_at, max(at) AS last_at
          FROM dialog_fact_records GROUP BY dialog_key) t
    FULL JOIN (SELECT l.dialog_key, array_agg(r ORDER BY r) AS records, l.first_at, l.last_at
               FROM dialog_fact_logs l CROSS JOIN generate_series(0, length(l.facts) / 20 - 1) i
               CROSS JOIN LATERAL (SELECT substring(l.facts FROM i * 20 + 1 FOR 20) AS r) p
               GROUP BY l.dialog_key, l.first_at, l.last_at) l ON l.dialog_key = t.dialog_key
    WHERE (t.records, t.first_at, t.last_at) IS DISTINCT FROM (l.records, l.first_at, l.last_at)
UNION ALL SELECT 'dialog_fact_logs.header', coalesce(d.dialog_key, l.dialog_key)
    FROM dialogs d FULL JOIN dialog_fact_logs l ON l.dialog_key = d.dialog_key
    WHERE (d.channel_key, d.dialog_id, d.kind, d.privacy, d.privacy_accepted_at)
          IS DISTINCT FROM (l.channel_key, l.dialog_id, l.kind, l.privacy, l.privacy_accepted_at)
UNION ALL SELECT 'dialog_status_latest.held', s.dialog_key
    FROM dialog_status_latest s JOIN dialogs d ON d.dialog_key = s.dialog_key
    WHERE s.held IS DISTINCT FROM (d.kind <> 'customer' OR d.privacy = 'pending')
UNION ALL SELECT 'dialog_status_latest.at', s.dialog_key
    FROM dialog_status_latest s LEFT JOIN dialog_fact_logs l ON l.dialog_key = s.dialog_key
    WHERE l.last_at IS NULL OR s.at > l.last_at
UNION ALL SELECT 'dialog_status_latest.latest', coalesce(s.dialog_key, c.dialog_key)
    FROM dialog_status_latest s
    FULL JOIN (SELECT DISTINCT ON (dialog_key) dialog_key, at, seq, change <> 'closed' AS is_open
               FROM dialog_status_changes ORDER BY dialog_key, at DESC, seq DESC, (change <> 'closed') DESC) c
        ON c.dialog_key = s.dialog_key
    LEFT JOIN (SELECT dialog_key, coalesce(bool_or(at < earlier_latest), false) AS disordered
               FROM (SELECT dialog_key, at,
                            max(at) OVER (PARTITION BY dialog_key ORDER BY seq, position
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_latest
                     FROM dialog_status_changes) w
               GROUP BY dialog_key) d ON d.dialog_key = c.dialog_key
    WHERE (s.at, s.seq, s.is_open, s.disordered) IS DISTINCT FROM (c.at, c.seq, c.is_open, d.disordered);

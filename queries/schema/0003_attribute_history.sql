-- Users' and channels' attributes as histories with the instant each took effect (SPEC §2: a
-- report as of an instant shows names, flags and channel-to-store mappings as they were then, so
-- its CSV files are the same bytes whatever is ingested later). Like time limits, a version takes
-- effect at its event's `at`; versions are ordered by (effective_at, seq). The `users` and
-- `channels` rows keep the latest state for the rules.
CREATE TABLE user_versions (
    user_key       integer NOT NULL REFERENCES users,
    seq            bigint NOT NULL,
    effective_at   timestamptz NOT NULL,
    name           text NOT NULL,
    chat_access    boolean NOT NULL,
    admin          boolean NOT NULL,
    chat_admin     boolean NOT NULL,
    active         boolean NOT NULL,
    PRIMARY KEY (user_key, seq)
);

CREATE TABLE channel_versions (
    channel_key    integer NOT NULL REFERENCES channels,
    seq            bigint NOT NULL,
    effective_at   timestamptz NOT NULL,
    name           text NOT NULL,
    kind           text NOT NULL,
    -- NULL while the channel is not mapped to a store.
    store_key      integer REFERENCES stores,
    PRIMARY KEY (channel_key, seq)
);

-- A database ingested before this version knows only the current state: it becomes one version,
-- in effect from the instant the user or channel was first upserted (seq 0: before any event).
INSERT INTO user_versions (user_key, seq, effective_at, name, chat_access, admin, chat_admin, active)
SELECT user_key, 0, created_at, name, chat_access, admin, chat_admin, active FROM users;
INSERT INTO channel_versions (channel_key, seq, effective_at, name, kind, store_key)
SELECT channel_key, 0, created_at, name, kind, store_key FROM channels;

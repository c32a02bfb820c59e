-- chatsla schema, version 1: every entity and history of SPEC §1.
--
-- Conventions
-- * Every entity has a surrogate key (`*_key`, integer) next to the source's own id (`*_id`,
--   text, unique). Extraction streams the integer keys, so the analytics engine works on
--   integers; names and source ids come from the small lookup tables.
-- * `seq` is the global ingestion sequence number of the event that stored a row. Rows of a
--   history are ordered by (at, seq): equal timestamps keep ingestion order (SPEC §2).
-- * Instants are `timestamptz` (microsecond precision). Money is `numeric(14,2)`, never float.
-- * Checks mirror the domain rules, so a bug in the rules cannot store an impossible state.
-- * The high-volume histories (messages, message_attachments, message_statuses, message_edits,
--   assignments, dialog_status_changes) carry no foreign keys: a per-row foreign-key check costs
--   about as much as the row itself, and halved ingestion throughput. Their keys are handed out by
--   the single ingester, for rows of the same transaction or of committed ones;
--   scripts/ingest-integrity.sql checks them (the tests run it after every ingestion).

CREATE TABLE ingest_state (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    -- The domain's clock: the latest `at` among accepted events (rejected and late events never move it).
    clock_at       timestamptz,
    -- The last sequence number handed out.
    last_seq       bigint NOT NULL DEFAULT 0,
    -- Round-robin position in the default-responsible list (SPEC §1 "Default responsible").
    round_robin    integer NOT NULL DEFAULT 0
);
INSERT INTO ingest_state DEFAULT VALUES;

-- Idempotency: every event id ever seen, accepted or rejected, with its canonical content so a
-- re-sent event is told apart from a conflicting one (same id, other content).
CREATE TABLE ingested_events (
    event_id       text PRIMARY KEY,
    seq            bigint NOT NULL UNIQUE,
    type           text NOT NULL,
    at             timestamptz,
    accepted       boolean NOT NULL,
    canonical      text NOT NULL,
    ingested_at    timestamptz NOT NULL DEFAULT now()
);

-- Nothing is lost: every rejected line with its code and a sentence a person understands.
CREATE TABLE rejected_events (
    seq            bigint PRIMARY KEY,
    event_id       text,
    source         text NOT NULL,
    line_number    bigint NOT NULL,
    code           text NOT NULL,
    message        text NOT NULL,
    raw_line       text NOT NULL,
    -- Lines that have no usable id are recognised on a re-run by their content.
    raw_digest     text NOT NULL,
    -- Where the line was stopped: 'decode' (no usable event), 'ledger' (conflicting_duplicate) or
    -- 'rules' (the domain refused it; its id is then in ingested_events too).
    stage          text NOT NULL CHECK (stage IN ('decode', 'ledger', 'rules')),
    rejected_at    timestamptz NOT NULL DEFAULT now()
);
-- Lines the ledger cannot recognise by id are recognised on a re-run by their content.
CREATE UNIQUE INDEX rejected_events_unparsed_line ON rejected_events (raw_digest) WHERE stage <> 'rules';

CREATE TABLE stores (
    store_key      serial PRIMARY KEY,
    store_id       text NOT NULL UNIQUE,
    name           text NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE channels (
    channel_key    serial PRIMARY KEY,
    channel_id     text NOT NULL UNIQUE,
    name           text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('telegram', 'whatsapp', 'viber', 'instagram', 'facebook',
                                                 'vk', 'livechat', 'sms', 'email', 'other')),
    store_key      integer REFERENCES stores,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE users (
    user_key       serial PRIMARY KEY,
    user_id        text NOT NULL UNIQUE,
    name           text NOT NULL,
    chat_access    boolean NOT NULL,
    admin          boolean NOT NULL,
    chat_admin     boolean NOT NULL,
    active         boolean NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE bots (
    bot_key        serial PRIMARY KEY,
    bot_id         text NOT NULL UNIQUE,
    name           text NOT NULL,
    created_at     timestamptz NOT NULL
);

CREATE TABLE customers (
    customer_key   bigserial PRIMARY KEY,
    customer_id    text NOT NULL UNIQUE,
    name           text,
    phone          text,
    email          text,
    address        text,
    vip            boolean NOT NULL DEFAULT false,
    bad            boolean NOT NULL DEFAULT false,
    -- Set when merged: this customer's dialogs and orders moved to the survivor.
    merged_into    bigint REFERENCES customers CHECK (merged_into <> customer_key),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE customer_merges (
    seq            bigint PRIMARY KEY,
    at             timestamptz NOT NULL,
    by_user_key    integer REFERENCES users,
    customer_key   bigint NOT NULL REFERENCES customers,
    into_key       bigint NOT NULL REFERENCES customers,
    CHECK (customer_key <> into_key)
);

-- A messenger contact; without a customer it is a lead.
CREATE TABLE contacts (
    contact_key    bigserial PRIMARY KEY,
    channel_key    integer NOT NULL REFERENCES channels,
    contact_id     text NOT NULL,
    customer_key   bigint REFERENCES customers,
    first_seen_at  timestamptz NOT NULL,
    UNIQUE (channel_key, contact_id)
);

CREATE TABLE dialogs (
    dialog_key     bigserial PRIMARY KEY,
    dialog_id      text NOT NULL UNIQUE,
    kind           text NOT NULL CHECK (kind IN ('customer', 'internal')),
    channel_key    integer REFERENCES channels,
    -- The contact of the dialog's first message (a group thread may hold others' messages too).
    contact_key    bigint REFERENCES contacts,
    customer_key   bigint REFERENCES customers,
    status         text NOT NULL CHECK (status IN ('open', 'closed')),
    -- 'pending': held by the privacy policy, invisible to managers and outside every SLA figure.
    privacy        text NOT NULL DEFAULT 'none' CHECK (privacy IN ('none', 'pending', 'accepted')),
    privacy_accepted_at timestamptz,
    responsible_user_key integer REFERENCES users,
    responsible_bot_key  integer REFERENCES bots,
    -- Earliest stored customer message (SPEC §2: a dialog opens at it).
    opened_at      timestamptz,
    closed_at      timestamptz,
    -- Last customer, user or bot message (system messages and blocked sends excluded): the auto-close timer.
    last_activity_at timestamptz,
    created_seq    bigint NOT NULL,
    -- The contact removed or blocked the bot: sends are stored as failed until it writes again.
    bot_blocked    boolean NOT NULL DEFAULT false,
    -- Customer messages after the last message of a user [KeyCRM].
    unread_count   integer NOT NULL DEFAULT 0,
    -- Users that were responsible and lost the dialog to someone else (`dialog_reassigned`).
    former_responsible_user_keys integer[] NOT NULL DEFAULT '{}',
    CHECK (responsible_user_key IS NULL OR responsible_bot_key IS NULL),
    CHECK ((kind = 'customer') = (channel_key IS NOT NULL)),
    CHECK ((privacy = 'accepted') = (privacy_accepted_at IS NOT NULL)),
    CHECK (status = 'open' OR closed_at IS NOT NULL)
) WITH (fillfactor = 70);
-- No index on the columns every batch changes (status, responsible, last_activity_at, …): with
-- free room in each page (fillfactor) those updates are HOT, without new index entries.
-- Ingestion restores every dialog at start, so it needs no index on open dialogs.

CREATE TABLE quick_replies (
    quick_reply_key serial PRIMARY KEY,
    quick_reply_id text NOT NULL UNIQUE,
    command        text NOT NULL UNIQUE,
    text           text NOT NULL CHECK (char_length(text) <= 2000),
    category       text,
    updated_by_user_key integer REFERENCES users,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE messages (
    message_key    bigserial PRIMARY KEY,
    message_id     text NOT NULL UNIQUE,
    dialog_key     bigint NOT NULL,
    seq            bigint NOT NULL,
    created_at     timestamptz NOT NULL,
    sender_kind    text NOT NULL CHECK (sender_kind IN ('customer', 'user', 'bot', 'system')),
    sender_contact_key bigint,
    sender_user_key integer,
    sender_bot_key integer,
    text           text,
    quote_message_key bigint,
    quick_reply_key integer,
    -- What a system message records: opened, closed, assigned, reassigned, privacy_accepted, …
    system_event   text,
    -- The current delivery status; its history is message_statuses.
    status         text NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed')),
    failure_reason text,
    edited_at      timestamptz,
    CHECK ((sender_kind = 'customer') = (sender_contact_key IS NOT NULL)),
    CHECK ((sender_kind = 'user') = (sender_user_key IS NOT NULL)),
    CHECK ((sender_kind = 'bot') = (sender_bot_key IS NOT NULL)),
    CHECK ((sender_kind = 'system') = (system_event IS NOT NULL)),
    CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
);
-- Report extraction in dialog order reads each dialog's messages in (created_at, seq) order;
-- INCLUDE keeps the columns the metrics need in the index so that scan is index-only.
CREATE INDEX messages_by_dialog ON messages (dialog_key, created_at, seq)
    INCLUDE (sender_kind, sender_user_key, sender_bot_key);
-- Period-bounded scans in time order (heap order is ingestion order, which is nearly time order).
CREATE INDEX messages_by_time ON messages (created_at);

CREATE TABLE message_attachments (
    message_key    bigint NOT NULL,
    position       integer NOT NULL,
    name           text NOT NULL,
    size_bytes     bigint NOT NULL CHECK (size_bytes >= 0),
    mime           text NOT NULL,
    PRIMARY KEY (message_key, position)
);

-- Delivery status history: queued → sent → delivered → read, or failed with a reason.
CREATE TABLE message_statuses (
    message_key    bigint NOT NULL,
    seq            bigint NOT NULL,
    at             timestamptz NOT NULL,
    status         text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
    error          text,
    PRIMARY KEY (message_key, seq)
);

CREATE TABLE message_edits (
    message_key    bigint NOT NULL,
    seq            bigint NOT NULL,
    at             timestamptz NOT NULL,
    text           text NOT NULL,
    PRIMARY KEY (message_key, seq)
);

-- Responsibility history: who held each dialog from when (a user, a bot, or nobody).
CREATE TABLE assignments (
    dialog_key     bigint NOT NULL,
    seq            bigint NOT NULL,
    at             timestamptz NOT NULL,
    from_user_key  integer,
    from_bot_key   integer,
    to_user_key    integer,
    to_bot_key     integer,
    by_kind        text NOT NULL CHECK (by_kind IN ('user', 'bot', 'system')),
    by_user_key    integer,
    by_bot_key     integer,
    -- manual, default_responsible (round robin), first_responder
    reason         text NOT NULL CHECK (reason IN ('manual', 'default_responsible', 'first_responder')),
    -- The fact's position among the facts of its event: (seq, position) is the ingestion order.
    position       smallint NOT NULL,
    PRIMARY KEY (dialog_key, seq, position),
    CHECK (to_user_key IS NULL OR to_bot_key IS NULL),
    CHECK (from_user_key IS NULL OR from_bot_key IS NULL),
    CHECK ((by_kind = 'user') = (by_user_key IS NOT NULL)),
    CHECK ((by_kind = 'bot') = (by_bot_key IS NOT NULL))
);

-- Opening, closing, reopening and privacy acceptance of dialogs, with who did it.
CREATE TABLE dialog_status_changes (
    dialog_key     bigint NOT NULL,
    seq            bigint NOT NULL,
    at             timestamptz NOT NULL,
    change         text NOT NULL CHECK (change IN ('opened', 'closed', 'reopened', 'privacy_accepted')),
    by_kind        text NOT NULL CHECK (by_kind IN ('customer', 'user', 'bot', 'system', 'auto')),
    by_user_key    integer,
    by_bot_key     integer,
    -- For automatic closes: which rule (assigned dialogs' timeout, or the 30-day rule).
    auto_rule      text CHECK (auto_rule IN ('assigned_timeout', 'idle_30_days')),
    -- Ordering among facts of one event (an auto-close and the event that triggered it share a seq,
    -- and an explicit close after an automatic one is a second 'closed' of the same seq).
    position       smallint NOT NULL,
    PRIMARY KEY (dialog_key, seq, position),
    CHECK ((by_kind = 'auto') = (auto_rule IS NOT NULL))
);

CREATE TABLE dialog_links (
    dialog_key     bigint NOT NULL REFERENCES dialogs,
    seq            bigint NOT NULL,
    at             timestamptz NOT NULL,
    customer_key   bigint NOT NULL REFERENCES customers,
    by_user_key    integer REFERENCES users,
    PRIMARY KEY (dialog_key, seq)
);

CREATE TABLE drafts (
    dialog_key     bigint NOT NULL REFERENCES dialogs,
    user_key       integer NOT NULL REFERENCES users,
    text           text NOT NULL,
    saved_at       timestamptz NOT NULL,
    PRIMARY KEY (dialog_key, user_key)
);

-- Time limits per channel (channel_key NULL: the default for all), as a history.
CREATE TABLE time_limit_settings (
    seq            bigint PRIMARY KEY,
    effective_at   timestamptz NOT NULL,
    channel_key    integer REFERENCES channels,
    warning_s      integer CHECK (warning_s >= 30 AND warning_s % 30 = 0),
    processing_s   integer NOT NULL CHECK (processing_s >= 30 AND processing_s % 30 = 0),
    set_by_user_key integer REFERENCES users,
    CHECK (warning_s IS NULL OR warning_s < processing_s)
);
CREATE INDEX time_limit_settings_lookup ON time_limit_settings (channel_key, effective_at, seq);

-- Chat settings, each row the whole resolved state after a partial update.
CREATE TABLE chat_settings (
    seq            bigint PRIMARY KEY,
    effective_at   timestamptz NOT NULL,
    set_by_user_key integer REFERENCES users,
    auto_close_assigned_s integer CHECK (auto_close_assigned_s > 0),
    default_responsible text[] NOT NULL DEFAULT '{}',
    privacy_enabled boolean NOT NULL DEFAULT false,
    privacy_text   text,
    privacy_url    text,
    privacy_excluded_channels text[] NOT NULL DEFAULT '{}',
    -- When the policy was (last) switched on: dialogs created at or after it are held.
    privacy_enabled_since timestamptz,
    widget_order   boolean NOT NULL DEFAULT true,
    widget_products boolean NOT NULL DEFAULT true,
    widget_tasks   boolean NOT NULL DEFAULT true,
    order_method   text,
    order_type     text,
    first_responder_takes_dialog boolean NOT NULL DEFAULT false,
    bot_replies_stop_clock boolean NOT NULL DEFAULT false,
    clock_start    text NOT NULL DEFAULT 'last_customer_message'
                   CHECK (clock_start IN ('last_customer_message', 'first_unanswered'))
);

CREATE TABLE orders (
    order_key      bigserial PRIMARY KEY,
    order_id       text NOT NULL UNIQUE,
    number         text NOT NULL,
    dialog_key     bigint REFERENCES dialogs,
    customer_key   bigint REFERENCES customers,
    -- NULL for orders not created from a chat (`order.created` carries no store).
    store_key      integer REFERENCES stores,
    created_by_user_key integer REFERENCES users,
    created_at     timestamptz NOT NULL,
    seq            bigint NOT NULL,
    delivery_type  text,
    delivery_cost  numeric(14, 2) NOT NULL DEFAULT 0 CHECK (delivery_cost >= 0),
    -- Items plus delivery (SPEC §2 "order totals").
    total          numeric(14, 2) NOT NULL CHECK (total >= 0)
);
CREATE INDEX orders_by_dialog ON orders (dialog_key) WHERE dialog_key IS NOT NULL;

-- The primary key makes a duplicate offer in one order impossible (`duplicate_offer`).
CREATE TABLE order_items (
    order_key      bigint NOT NULL REFERENCES orders,
    offer          text NOT NULL,
    quantity       integer NOT NULL CHECK (quantity > 0),
    unit_price     numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_key, offer)
);

CREATE TABLE order_statuses (
    order_key      bigint NOT NULL REFERENCES orders,
    seq            bigint NOT NULL,
    at             timestamptz NOT NULL,
    status         text NOT NULL,
    by_user_key    integer REFERENCES users,
    PRIMARY KEY (order_key, seq)
);

-- Every version of every payment (a later event with the same payment id updates it), so a
-- report can read what was paid by its as-of instant.
CREATE TABLE order_payments (
    order_key      bigint NOT NULL REFERENCES orders,
    payment_id     text NOT NULL,
    seq            bigint NOT NULL,
    at             timestamptz NOT NULL,
    method         text,
    amount         numeric(14, 2) NOT NULL CHECK (amount >= 0),
    paid           boolean NOT NULL,
    PRIMARY KEY (order_key, payment_id, seq)
);

CREATE TABLE tasks (
    task_key       bigserial PRIMARY KEY,
    task_id        text NOT NULL UNIQUE,
    text           text NOT NULL,
    due            timestamptz,
    responsible_user_key integer REFERENCES users,
    order_key      bigint REFERENCES orders,
    customer_key   bigint REFERENCES customers,
    author_user_key integer REFERENCES users,
    author_bot_key integer REFERENCES bots,
    created_at     timestamptz NOT NULL,
    completed_at   timestamptz,
    completed_by_user_key integer REFERENCES users,
    -- Bound to an order or to a customer, at most one (the event may name neither).
    CHECK (order_key IS NULL OR customer_key IS NULL)
);

-- Participants of internal (manager-to-manager) threads; their messages are in `messages`.
CREATE TABLE internal_participants (
    dialog_key     bigint NOT NULL REFERENCES dialogs,
    user_key       integer NOT NULL REFERENCES users,
    PRIMARY KEY (dialog_key, user_key)
);

-- 0001: the initial schema — unit tree, users and logins, one records table
-- for every ledger kind (with its values index, full-text index, clocks,
-- links, transitions, attachments and personal-data index) and the
-- hash-chained audit log with its head. Times are unix microseconds (UTC),
-- dates 'YYYY-MM-DD' text, so the SQL is shared with PostgreSQL.

CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES units(id),
    name      TEXT    NOT NULL,
    level     TEXT    NOT NULL,
    path      TEXT    NOT NULL UNIQUE
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    roles         TEXT    NOT NULL DEFAULT '',
    password_hash TEXT    NOT NULL DEFAULT '',
    locked        INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE grants (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    roles   TEXT    NOT NULL,
    PRIMARY KEY (user_id, unit_id)
);

CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    addr       TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT '',
    csrf       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_last_seen ON sessions(last_seen);

CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT    NOT NULL,
    addr     TEXT    NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);
CREATE INDEX login_failures_addr ON login_failures(addr, at);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE records (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    unit_path  TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    year       INTEGER NOT NULL DEFAULT 0,
    data       TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER NOT NULL,
    updated_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX records_kind_updated ON records(kind, updated_at);
CREATE INDEX records_kind_path ON records(kind, unit_path, updated_at);
CREATE INDEX records_kind_state ON records(kind, state, updated_at);
CREATE INDEX records_kind_year ON records(kind, year);
CREATE INDEX records_path ON records(unit_path);

-- record_counts: how many records of a kind are in a state per unit and
-- year, kept by every write, so list totals and the dashboard need no
-- COUNT(*) over large sets.
CREATE TABLE record_counts (
    kind      TEXT    NOT NULL,
    unit_id   INTEGER NOT NULL,
    unit_path TEXT    NOT NULL,
    state     TEXT    NOT NULL,
    year      INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (kind, unit_id, state, year)
);

-- record_values: one row per non-empty, non-personal short field value,
-- for indexed filters and sorts on any field of any kind.
CREATE TABLE record_values (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (record_id, field)
);
CREATE INDEX record_values_lookup ON record_values(kind, field, value, record_id);

-- record_fts: Go-side bigrams of the searchable fields (never personal).
CREATE VIRTUAL TABLE record_fts USING fts5(body, tokenize = 'unicode61');

CREATE TABLE pii_index (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    PRIMARY KEY (record_id, field)
);
CREATE INDEX pii_index_lookup ON pii_index(kind, field, hash);

CREATE TABLE links (
    from_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    role    TEXT    NOT NULL,
    to_id   INTEGER NOT NULL REFERENCES records(id),
    PRIMARY KEY (from_id, role, to_id)
);
CREATE INDEX links_to ON links(to_id);

CREATE TABLE clocks (
    record_id   INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    period      TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    counting    TEXT    NOT NULL DEFAULT '',
    days        INTEGER NOT NULL DEFAULT 0,
    start       TEXT    NOT NULL,
    due         TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    paused_on   TEXT    NOT NULL DEFAULT '',
    adjustments TEXT    NOT NULL DEFAULT '[]',
    stopped_on  TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (record_id, period)
);
CREATE INDEX clocks_due ON clocks(status, due);

CREATE TABLE transitions (
    id         INTEGER PRIMARY KEY,
    record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    event      TEXT    NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    actor_id   INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    audit_seq  INTEGER NOT NULL
);
CREATE INDEX transitions_record ON transitions(record_id, at);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    record_id    INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   INTEGER NOT NULL
);
CREATE INDEX attachments_record ON attachments(record_id, sha256);

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor_id  INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    unit_id   INTEGER NOT NULL,
    addr      TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    object    TEXT    NOT NULL,
    diff      TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
);
CREATE INDEX audit_object ON audit(object, seq);

-- audit_head: the last seq and hash, updated with every append, so deleting
-- the newest rows breaks verification too.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

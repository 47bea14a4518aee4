-- 0014: reminders. Each person's daily digest of due-soon and overdue items
-- is written once per day and channel into reminder_digests (the primary
-- key makes a second run of the same day a no-op), then delivered; a
-- delivery that failed or was cut short by a restart stays pending and is
-- retried by the next run, so no reminder is lost and none sent twice.
-- notifications are the in-product channel (the bell); webhook_deliveries
-- logs every attempt of the outgoing webhook; reminder_emails holds the
-- addresses the administrator set for the e-mail channel.
CREATE TABLE reminder_digests (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    day        TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'pending',
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    INTEGER NOT NULL DEFAULT 0,
    sent_at    INTEGER NOT NULL DEFAULT 0,
    error      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, day, channel)
);
CREATE INDEX reminder_digests_pending ON reminder_digests(status, next_at);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    day        TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, day)
);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

CREATE TABLE webhook_deliveries (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL,
    day      TEXT    NOT NULL,
    attempt  INTEGER NOT NULL,
    status   INTEGER NOT NULL DEFAULT 0,
    error    TEXT    NOT NULL DEFAULT '',
    at       INTEGER NOT NULL
);

CREATE TABLE reminder_emails (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    address TEXT   NOT NULL
);

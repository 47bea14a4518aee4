-- 0019: reminder channels set by the administrator in the product (e-mail
-- over SMTP, the outgoing webhook), overriding the server's start-up flags.
-- config is the channel's JSON sealed with the personal-data key: it holds
-- the SMTP password and the webhook's signing secret.
CREATE TABLE reminder_channels (
    name       TEXT PRIMARY KEY,
    config     TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

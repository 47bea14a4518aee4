-- 0004: hardening (issue 11).
-- API tokens expire: expires_at is set at creation from the configured
-- lifetime (default 90 days); tokens issued before this migration expire 90
-- days after they were created.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = created_at + 7776000000000;
-- auth_epoch counts the committed writes that may change what a credential
-- resolves to (tokens, users, grants, units, sessions). Every process reads
-- it before trusting a cached token resolution, so a revoke or lock made by
-- the CLI or another server is enforced on the next request.
CREATE TABLE auth_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 0);

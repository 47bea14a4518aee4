-- 0004: hardening (issue 11).
-- API tokens expire: expires_at is set at creation from the configured
-- lifetime (default 90 days); tokens issued before this migration expire 90
-- days after they were created.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = created_at + 7776000000000;
-- auth_epoch counts the committed writes that may change what a credential
-- resolves to (tokens, users, grants, units, sessions). Every process reads
-- it before trusting a cached token resolution, so a revoke or lock made by
-- the CLI or another server is enforced on the next request.
CREATE TABLE auth_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 0);
-- The admin audit page is scoped by the unit an entry is about (the
-- record's, the user's, the token owner's, the unit's), not by the unit of
-- whoever acted: a township admin sees an adviser's edit of its record, a
-- county bureau's admin does not see a township's records. scope_path is
-- that unit's path, written with the entry (it is not part of the chain
-- hash: it decides who may read the entry, not what happened). Existing
-- entries are filled in here.
ALTER TABLE audit ADD COLUMN scope_path TEXT NOT NULL DEFAULT '';
UPDATE audit SET scope_path = COALESCE((SELECT path FROM units WHERE id = audit.unit_id), '');
UPDATE audit SET scope_path = COALESCE((SELECT unit_path FROM records WHERE id = CAST(substr(audit.object, 8) AS BIGINT)), scope_path)
    WHERE object ~ '^record:[0-9]+$';
UPDATE audit SET scope_path = COALESCE((SELECT n.path FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = CAST(substr(audit.object, 6) AS BIGINT)), scope_path)
    WHERE object ~ '^user:[0-9]+$';
UPDATE audit SET scope_path = COALESCE((SELECT n.path FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN units n ON n.id = u.unit_id WHERE t.id = CAST(substr(audit.object, 7) AS BIGINT)), scope_path)
    WHERE object ~ '^token:[0-9]+$';
UPDATE audit SET scope_path = COALESCE((SELECT path FROM units WHERE id = CAST(substr(audit.object, 6) AS BIGINT)), scope_path)
    WHERE object ~ '^unit:[0-9]+$';
-- The head is sealed with the audit key (audit.SealAnchor over seq and
-- hash), rewritten with it in every append: deleting the newest entries and
-- rewriting the head to match, or emptying the log and resetting the head,
-- leaves a seal that does not verify without the key. The store seals an
-- unsealed head when it opens (the chain as found at the upgrade).
ALTER TABLE audit_head ADD COLUMN seal TEXT NOT NULL DEFAULT '';

-- 0005: unit administration. Units are closed, never deleted (their records
-- stay, read-only), so closed_at marks a closed unit; credit_code is the
-- optional 统一社会信用代码 carried by the Excel import. Names are unique
-- among the open children of one parent, so "甲镇" means one unit to a
-- picker, an import row and the command line; units that already share a
-- name with an earlier sibling get their id appended so the index can be
-- built (an administrator renames them).
ALTER TABLE units ADD COLUMN closed_at INTEGER;
ALTER TABLE units ADD COLUMN credit_code TEXT NOT NULL DEFAULT '';
UPDATE units SET name = name || '（' || CAST(id AS TEXT) || '）'
    WHERE EXISTS (SELECT 1 FROM units o WHERE COALESCE(o.parent_id, 0) = COALESCE(units.parent_id, 0)
                  AND o.name = units.name AND o.id < units.id);
CREATE UNIQUE INDEX units_sibling_name ON units (COALESCE(parent_id, 0), name) WHERE closed_at IS NULL;
CREATE INDEX units_parent ON units (parent_id);

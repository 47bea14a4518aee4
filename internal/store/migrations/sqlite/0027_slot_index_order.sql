-- 0027: the slot indexes of record_filters (0003) ordered by kind, slot value
-- and then update time, not unit path: a group commit of creates wrote a WAL
-- page for each (kind, value, unit) a create landed in — 40 per commit for a
-- 10-valued field over 4 townships, 43% of its pages — and now writes one per
-- (kind, value). A filtered list walks the value's entries newest first with
-- the scope and the other slots checked inside the index (no sort), and
-- stops at the page; its total counts every entry of the value.
DROP INDEX IF EXISTS record_filters_f1;
DROP INDEX IF EXISTS record_filters_f2;
DROP INDEX IF EXISTS record_filters_f3;
DROP INDEX IF EXISTS record_filters_f4;
DROP INDEX IF EXISTS record_filters_f5;
DROP INDEX IF EXISTS record_filters_f6;
DROP INDEX IF EXISTS record_filters_f7;
DROP INDEX IF EXISTS record_filters_f8;
CREATE INDEX record_filters_f1 ON record_filters(kind, f1, updated_at, record_id, unit_path, f2, f3, f4, f5, f6, f7, f8) WHERE f1 IS NOT NULL;
CREATE INDEX record_filters_f2 ON record_filters(kind, f2, updated_at, record_id, unit_path, f1, f3, f4, f5, f6, f7, f8) WHERE f2 IS NOT NULL;
CREATE INDEX record_filters_f3 ON record_filters(kind, f3, updated_at, record_id, unit_path, f1, f2, f4, f5, f6, f7, f8) WHERE f3 IS NOT NULL;
CREATE INDEX record_filters_f4 ON record_filters(kind, f4, updated_at, record_id, unit_path, f1, f2, f3, f5, f6, f7, f8) WHERE f4 IS NOT NULL;
CREATE INDEX record_filters_f5 ON record_filters(kind, f5, updated_at, record_id, unit_path, f1, f2, f3, f4, f6, f7, f8) WHERE f5 IS NOT NULL;
CREATE INDEX record_filters_f6 ON record_filters(kind, f6, updated_at, record_id, unit_path, f1, f2, f3, f4, f5, f7, f8) WHERE f6 IS NOT NULL;
CREATE INDEX record_filters_f7 ON record_filters(kind, f7, updated_at, record_id, unit_path, f1, f2, f3, f4, f5, f6, f8) WHERE f7 IS NOT NULL;
CREATE INDEX record_filters_f8 ON record_filters(kind, f8, updated_at, record_id, unit_path, f1, f2, f3, f4, f5, f6, f7) WHERE f8 IS NOT NULL;

-- 0002: list pages walk an index in updated_at order and check the data
-- scope from the index itself (no table lookup per skipped row), so a page
-- costs about PerPage / (share of records in scope) index entries instead
-- of sorting every record in scope.
DROP INDEX records_kind_updated;
DROP INDEX records_kind_state;
CREATE INDEX records_kind_updated ON records(kind, updated_at, unit_path);
CREATE INDEX records_kind_state ON records(kind, state, updated_at, unit_path);

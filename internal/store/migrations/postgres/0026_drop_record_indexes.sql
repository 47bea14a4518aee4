-- 0026: two indexes of records no query needs, each a b-tree insert and, in
-- a group commit of creates, WAL frames of its own (5 to 6 of the ~150
-- pages a commit of 25 creates wrote). Every list, count, to-do and
-- indicator query names a kind, and (kind, unit_path, updated_at) serves a
-- scope's records of a kind with their years checked beside it:
-- records_path (unit_path alone) was read only by a unit move's rewrite of
-- paths, which scans the audit log already; records_kind_year (kind, year)
-- by a year filter, which the scope narrows first.
DROP INDEX IF EXISTS records_path;
DROP INDEX IF EXISTS records_kind_year;

-- 0027: nothing on PostgreSQL. SQLite reorders its slot indexes so that a
-- group commit writes fewer WAL pages; PostgreSQL logs row changes, not
-- whole pages per commit, and keeps (kind, slot, unit_path, updated_at).
SELECT 1;

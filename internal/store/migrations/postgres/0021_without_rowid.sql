-- 0021: on SQLite, record_values and clocks become WITHOUT ROWID tables
-- (one b-tree insert per row instead of two). PostgreSQL tables have no
-- rowid and their primary keys are already separate indexes over a heap,
-- so there is nothing to change; the number is kept so both lists pair up.
SELECT 1;

-- 0023: the deadline board and the to-do list page in SQL at county scale.
-- records.next_due is the record's nearest running deadline's due date
-- ('' when none runs or its due date is pending), written in the same
-- transaction as the record's clocks (writeClocks): the to-do list pages
-- on it. clocks.unit_path is the record's unit path, kept with the
-- record's (and moved with it, units.go), so the board's scope, order and
-- counts read one index of clocks and join records only for a page's rows.
-- The board's order puts pending due dates last: (due = '') is indexed.
ALTER TABLE records ADD COLUMN next_due TEXT NOT NULL DEFAULT '';
ALTER TABLE clocks ADD COLUMN unit_path TEXT NOT NULL DEFAULT '';
UPDATE clocks c SET unit_path = r.unit_path FROM records r WHERE r.id = c.record_id;
UPDATE records r SET next_due = n.due
  FROM (SELECT record_id, MIN(due) AS due FROM clocks
        WHERE status = 'running' AND type = 'deadline' AND due <> '' GROUP BY record_id) n
  WHERE r.id = n.record_id;
CREATE INDEX clocks_board ON clocks(status, type, (due = ''), due, record_id, period) INCLUDE (unit_path);
CREATE INDEX clocks_board_unit ON clocks(status, type, unit_path, due);
CREATE INDEX records_todo ON records(kind, state, unit_path, next_due);
-- Statistics for the new columns and the (due = '') expression, so the
-- first board after the upgrade is planned on them.
ANALYZE clocks;
ANALYZE records;

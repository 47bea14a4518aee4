-- 0024: record_values_lookup is dropped on SQLite. No query here reads
-- record_values by value: a filter on a field without a slot is checked
-- per record through the primary key (record_id, field), and sorting joins
-- on it too. The index cost every create a b-tree insert per value, each
-- on a page of its own (values are random), so a group commit of creates
-- wrote one WAL frame per value. PostgreSQL keeps it: its planner may
-- answer such a filter as a semi-join from the value.
DROP INDEX IF EXISTS record_values_lookup;

-- 0024: nothing on PostgreSQL. SQLite drops record_values_lookup, which
-- no SQLite query reads; here the planner may answer a filter on a field
-- without a slot as a semi-join from the value, so the index stays.
SELECT 1;

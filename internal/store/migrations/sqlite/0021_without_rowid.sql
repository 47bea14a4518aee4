-- 0021: record_values and clocks as WITHOUT ROWID tables, clustered on
-- their primary keys. Every create writes a few rows of each; with a rowid
-- each row cost two b-tree inserts (the table by rowid, then the primary
-- key's index), now one. Lookups by (record_id, field) and
-- (record_id, period) read the table itself. The secondary indexes carry
-- the primary key instead of a rowid.
CREATE TABLE record_values_new (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (record_id, field)
) WITHOUT ROWID;
INSERT INTO record_values_new (record_id, kind, field, value)
    SELECT record_id, kind, field, value FROM record_values;
DROP TABLE record_values;
ALTER TABLE record_values_new RENAME TO record_values;
CREATE INDEX record_values_lookup ON record_values(kind, field, value, record_id);

CREATE TABLE clocks_new (
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    period        TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    counting      TEXT    NOT NULL DEFAULT '',
    days          INTEGER NOT NULL DEFAULT 0,
    start         TEXT    NOT NULL,
    due           TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    paused_on     TEXT    NOT NULL DEFAULT '',
    adjustments   TEXT    NOT NULL DEFAULT '[]',
    stopped_on    TEXT    NOT NULL DEFAULT '',
    months        INTEGER NOT NULL DEFAULT 0,
    until_day     TEXT    NOT NULL DEFAULT '',
    setting       TEXT    NOT NULL DEFAULT '',
    remind_days   INTEGER NOT NULL DEFAULT 0,
    remind_months INTEGER NOT NULL DEFAULT 0,
    remind_on     TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (record_id, period)
) WITHOUT ROWID;
INSERT INTO clocks_new (record_id, period, type, counting, days, start, due, status, paused_on, adjustments, stopped_on,
        months, until_day, setting, remind_days, remind_months, remind_on)
    SELECT record_id, period, type, counting, days, start, due, status, paused_on, adjustments, stopped_on,
        months, until_day, setting, remind_days, remind_months, remind_on FROM clocks;
DROP TABLE clocks;
ALTER TABLE clocks_new RENAME TO clocks;
CREATE INDEX clocks_due ON clocks(status, due);
CREATE INDEX clocks_remind ON clocks(status, remind_on);

-- 0006: ledger engine v2 — local settings overridden per unit (the nearest
-- unit up the tree wins), register number sequences per unit, name and
-- year (a row is only ever incremented, so a number is never issued twice),
-- holiday calendars uploaded by administrators (so every process sees
-- them), and the clock columns of periods counted in months, ending on a
-- date field, read from a setting or reminded ahead of their due date.

CREATE TABLE settings (
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    updated_by INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, name)
);

CREATE TABLE registers (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    name    TEXT    NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (unit_id, name, year)
);

CREATE TABLE holiday_calendars (
    year        INTEGER PRIMARY KEY,
    content     TEXT    NOT NULL,
    title       TEXT    NOT NULL DEFAULT '',
    uploaded_by INTEGER NOT NULL DEFAULT 0,
    uploaded_at INTEGER NOT NULL
);

ALTER TABLE clocks ADD COLUMN months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clocks ADD COLUMN until_day TEXT NOT NULL DEFAULT '';
ALTER TABLE clocks ADD COLUMN setting TEXT NOT NULL DEFAULT '';
ALTER TABLE clocks ADD COLUMN remind_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clocks ADD COLUMN remind_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clocks ADD COLUMN remind_on TEXT NOT NULL DEFAULT '';
CREATE INDEX clocks_remind ON clocks(status, remind_on);

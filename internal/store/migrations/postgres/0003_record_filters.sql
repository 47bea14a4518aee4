-- 0003: filtered list pages and their totals were the slow path: one
-- record_values lookup per filter and per record in scope (a total with two
-- filters over 25,000 records took ~100 ms, 21 pages/s under load).
-- record_filters holds one row per record with the values of its kind's
-- Filter fields in slots f1…f8 (filter_slots maps kind and field to a slot
-- and never renumbers), and each slot has a partial covering index
-- (kind, slot, unit_path, updated_at, other slots): a filtered page in
-- scope and its COUNT are one index range. Personal fields never get a
-- slot. This migration backfills one row per existing record; the store
-- fills a slot's values (from record_values) when it assigns the slot.
CREATE TABLE filter_slots (
    kind  TEXT    NOT NULL,
    field TEXT    NOT NULL,
    slot  INTEGER NOT NULL,
    PRIMARY KEY (kind, field),
    UNIQUE (kind, slot)
);
CREATE TABLE record_filters (
    record_id  BIGINT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    unit_path  TEXT   COLLATE "C" NOT NULL,
    updated_at BIGINT NOT NULL,
    f1 TEXT,
    f2 TEXT,
    f3 TEXT,
    f4 TEXT,
    f5 TEXT,
    f6 TEXT,
    f7 TEXT,
    f8 TEXT
);
CREATE INDEX record_filters_f1 ON record_filters(kind, f1, unit_path, updated_at) INCLUDE (record_id, f2, f3, f4, f5, f6, f7, f8) WHERE f1 IS NOT NULL;
CREATE INDEX record_filters_f2 ON record_filters(kind, f2, unit_path, updated_at) INCLUDE (record_id, f1, f3, f4, f5, f6, f7, f8) WHERE f2 IS NOT NULL;
CREATE INDEX record_filters_f3 ON record_filters(kind, f3, unit_path, updated_at) INCLUDE (record_id, f1, f2, f4, f5, f6, f7, f8) WHERE f3 IS NOT NULL;
CREATE INDEX record_filters_f4 ON record_filters(kind, f4, unit_path, updated_at) INCLUDE (record_id, f1, f2, f3, f5, f6, f7, f8) WHERE f4 IS NOT NULL;
CREATE INDEX record_filters_f5 ON record_filters(kind, f5, unit_path, updated_at) INCLUDE (record_id, f1, f2, f3, f4, f6, f7, f8) WHERE f5 IS NOT NULL;
CREATE INDEX record_filters_f6 ON record_filters(kind, f6, unit_path, updated_at) INCLUDE (record_id, f1, f2, f3, f4, f5, f7, f8) WHERE f6 IS NOT NULL;
CREATE INDEX record_filters_f7 ON record_filters(kind, f7, unit_path, updated_at) INCLUDE (record_id, f1, f2, f3, f4, f5, f6, f8) WHERE f7 IS NOT NULL;
CREATE INDEX record_filters_f8 ON record_filters(kind, f8, unit_path, updated_at) INCLUDE (record_id, f1, f2, f3, f4, f5, f6, f7) WHERE f8 IS NOT NULL;
INSERT INTO record_filters (record_id, kind, unit_path, updated_at)
    SELECT id, kind, unit_path, updated_at FROM records;

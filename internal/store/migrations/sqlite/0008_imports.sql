-- 0008: Excel imports. Each import is one batch: who, when, which kind,
-- into which unit, from which file, with its counts. import_records lists
-- the records a batch created with the version each had when the batch
-- finished writing it, so an undo can tell whether any was changed since.
-- Rows are never deleted: an undone batch keeps its list (the records are
-- gone, their removal is in the audit log).
CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    unit_path  TEXT    NOT NULL,
    file_name  TEXT    NOT NULL,
    rows_read  INTEGER NOT NULL DEFAULT 0,
    imported   INTEGER NOT NULL DEFAULT 0,
    refused    INTEGER NOT NULL DEFAULT 0,
    status     TEXT    NOT NULL,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    undone_by  INTEGER NOT NULL DEFAULT 0,
    undone_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_batches_path ON import_batches(unit_path, created_at);

CREATE TABLE import_records (
    batch_id  INTEGER NOT NULL REFERENCES import_batches(id),
    record_id INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    bound_field TEXT  NOT NULL DEFAULT '',
    PRIMARY KEY (batch_id, record_id, bound_field)
);
CREATE INDEX import_records_record ON import_records(record_id);

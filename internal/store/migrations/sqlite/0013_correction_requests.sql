-- 0013: corrections (更正) that a kind wants approved by its approver role
-- wait here until approved or rejected. data holds the corrected values,
-- personal ones sealed like the record's own; the record is unchanged until
-- approval.
CREATE TABLE correction_requests (
    id           INTEGER PRIMARY KEY,
    record_id    INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    event        TEXT    NOT NULL,
    data         TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    requested_by INTEGER NOT NULL,
    requested_at INTEGER NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending',
    decided_by   INTEGER NOT NULL DEFAULT 0,
    decided_at   INTEGER NOT NULL DEFAULT 0,
    note         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX correction_requests_record ON correction_requests(record_id, status);

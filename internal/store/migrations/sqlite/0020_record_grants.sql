-- 0020: grants given by ledger records in force (ledger.Grant: a legal
-- adviser's engagement lets the adviser's account act in the villages it
-- serves). Derived rows, rewritten with every write of the record.
CREATE TABLE record_grants (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    roles     TEXT NOT NULL,
    PRIMARY KEY (record_id, unit_id)
);
CREATE INDEX record_grants_user ON record_grants(user_id);

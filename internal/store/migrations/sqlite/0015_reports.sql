-- 0015: the annual report (法治政府建设年度报告). One report per unit and
-- year; each save is a new row of report_versions (the document as JSON,
-- author, time, reason) and reports.version is the current one, so a save
-- carrying an older number is refused (optimistic locking). report_events
-- are the workflow steps with who and when (a submission's row is its
-- receipt); report_checks the 审校 runs, per version; report_archive the
-- text of every published or submitted version and of legacy reports
-- uploaded, per unit and year, which 审校 compares a report with.
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    year         INTEGER NOT NULL,
    state        TEXT    NOT NULL DEFAULT 'draft',
    version      INTEGER NOT NULL DEFAULT 1,
    published_at INTEGER NOT NULL DEFAULT 0,
    published_by INTEGER NOT NULL DEFAULT 0,
    submitted_at INTEGER NOT NULL DEFAULT 0,
    submitted_by INTEGER NOT NULL DEFAULT 0,
    submitted_version INTEGER NOT NULL DEFAULT 0,
    approved_at  INTEGER NOT NULL DEFAULT 0,
    acked_version INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (unit_id, year)
);
CREATE INDEX reports_year ON reports(year, unit_id);

CREATE TABLE report_versions (
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    version    INTEGER NOT NULL,
    document   TEXT    NOT NULL,
    author     INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    correction INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, version)
);

CREATE TABLE report_events (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    event      TEXT    NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    actor      INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events(report_id, id);

CREATE TABLE report_checks (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    version    INTEGER NOT NULL,
    errors     INTEGER NOT NULL,
    warnings   INTEGER NOT NULL,
    findings   TEXT    NOT NULL,
    actor      INTEGER NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX report_checks_report ON report_checks(report_id, id);

CREATE TABLE report_archive (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    year       INTEGER NOT NULL,
    source     TEXT    NOT NULL,
    report_id  INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 0,
    name       TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    added_by   INTEGER NOT NULL,
    added_at   INTEGER NOT NULL
);
CREATE INDEX report_archive_unit ON report_archive(unit_id, year);
CREATE INDEX report_archive_year ON report_archive(year);

// Package store keeps fazhi's data in embedded SQLite (the default, pure Go
// driver) or PostgreSQL (by URL), behind one set of methods (Contract in
// api.go). It applies the data scope in its SQL, encrypts personal data
// before it reaches SQL, and writes the hash-chained audit log in the same
// transaction as every change.
//
// Design decisions (the lead carries them into docs/architecture.md):
//
// Migrations. Numbered SQL files embedded from migrations/sqlite and
// migrations/postgres (0001_init.sql, 0002_…), each applied in its own
// transaction and recorded by number in schema_migrations. A test fails
// when the two sets' numbers diverge. The runner is ~60 lines (migrate.go).
//
// One table for every kind. records(id, kind, unit_id, unit_path, state,
// title, year, data, version, created_by, updated_by, created_at,
// updated_at, next_due) holds every ledger record (next_due: its nearest
// running deadline's due date, written with its clocks, the to-do list's
// order; migration 0023); data is the JSON object of field
// values with personal values replaced by their ciphertext. A new kind
// needs no new table. record_values(record_id, kind, field, value) holds
// one row per non-empty, non-personal, short field value, indexed by
// (record_id, field) and (kind, field, value). On SQLite a filter is
// checked per row through the primary key while an index on records gives
// the order, so a page costs about PerPage / selectivity lookups; on
// PostgreSQL it is an EXISTS over (kind, field, value), planned with the
// value's real frequency (the store refreshes statistics in the background
// as records grow, analyze.go). Sorts on a field join one row per record.
//
// Filter slots (filters.go, migration 0003). record_filters(record_id,
// kind, unit_path, updated_at, f1…f8) holds one row per record with the
// values of its kind's Filter fields (never personal ones) in slots;
// filter_slots maps kind and field to a slot, assigned at Open and never
// renumbered (a new slot is filled from record_values). Each slot has a
// partial covering index — on SQLite (kind, f_i, updated_at, record_id,
// unit_path, other slots) since migration 0027, so that a group commit of
// creates dirties one index page per value, not per value and unit; on
// PostgreSQL (kind, f_i, unit_path, updated_at) — so a list filtered on a
// slotted field in updated_at order takes the page's ids from one index
// range (scope and the other slots checked in the index), reads only those
// records, and counts the same range. Other
// conditions (state, year, search, unslotted fields) join records on the
// matches; lists without a slotted filter, or sorted by a field, take the
// paths above.
//
// Lists. Pages in updated_at order walk (kind, updated_at, unit_path) or
// (kind, state, updated_at, unit_path), checking the scope from the index;
// on SQLite, whose planner cannot know how many records a scope holds, the
// store picks that walk or the (kind, unit_path) index plus a sort by the
// scope's size, read from record_counts. record_counts(kind, unit_id,
// state, year, n) is kept by every write, so totals of unfiltered lists
// and the dashboard cost a few rows; totals with field filters, search or
// "overdue" are exact COUNT(*)s, cached until the next write of that kind
// (at most 10 s, for writes by another process).
//
// Times are stored as INTEGER unix microseconds (UTC) and civil dates as
// TEXT 'YYYY-MM-DD' in both databases, so the SQL is shared and dates
// compare as strings.
//
// Data scope in SQL. Unit paths are materialised ("/1/4/9/"); every read
// of records, clocks, history and attachments carries
// (unit_path >= prefix AND unit_path < prefix-successor) for each of
// Actor.Scope.ReadPaths — a range, so the B-tree index serves it (the
// PostgreSQL column is COLLATE "C" for that). A record outside the scope
// is ErrNotFound; inside it, a change without the roles (Kind.CreateRoles,
// EditRoles, Transition.Roles, checked against access.Scope.RolesIn) is
// ErrForbidden.
//
// Personal data (ledger.TypePersonal) is encrypted with the key ring
// (SM4-GCM, versioned keys) before it reaches SQL, with the additional
// data "kind/field/record id" so a ciphertext cannot be moved to another
// record. It is never in the search text; audit diffs show "[已加密]";
// exact lookup uses a keyed blind index in pii_index(record_id, field,
// hash). Record() masks values unless Actor.SeePersonal. RotateKeys
// re-encrypts records under the current key version; the audit history is
// untouched (it never held plaintext). Personal columns of rows inside a
// record (ledger.TypeTable) are sealed cell by cell the same way (rows.go).
//
// Full-text search in Chinese. SQLite: an FTS5 table with the unicode61
// tokenizer fed Go-side bigrams (search.go): a Han run "行政复议" is stored
// as "行政 政复 复议 议", and a query is turned into the same bigrams and
// matched as a phrase, so two-character queries such as 复议 hit. A
// one-character query is a prefix query. PostgreSQL: a search_text column
// with a pg_trgm GIN index, queried with ILIKE (indexed from three
// characters; shorter queries scan). The database must have a UTF-8
// LC_CTYPE, or pg_trgm sees no trigrams in Chinese.
//
// Audit. Every create, update, transition, clock adjustment, attachment and
// user, grant or token change appends an audit.Entry in the same
// transaction. Entries are chained (audit.Hash with the key ring's audit
// key); audit_head(seq, hash, seal) is updated in the same transaction,
// the seal (audit.SealAnchor) made with the audit key, so deleting the
// newest rows and rewriting the head is detected too. VerifyAudit checks the
// chain against the sealed head, VerifyAuditAnchor against a checkpoint
// kept elsewhere, and VerifyState (replay.go) the rows against the log.
// Each entry also stores scope_path, the unit it is about, which scopes the
// admin audit page (outside the hash: it decides who reads, not what
// happened).
//
// One writer. Since the chain serialises writers anyway, every write goes
// through one goroutine (writer.go) that owns one connection, begins and
// commits transactions on it by statement and keeps its statements
// prepared (the pure-Go SQLite parser then runs once per query). It
// commits in groups: writes queued by many goroutines run in one
// transaction, each inside its own SAVEPOINT (a failed write rolls back
// alone, the audit head with it), and one commit serves them all. SQLite
// runs in WAL with synchronous=NORMAL, busy_timeout and foreign_keys, with
// a separate read-only pool of prepared statements for readers.
// Migrations run on the writer's connection too. On PostgreSQL the same
// writer runs and each transaction locks the audit_head row, so a second
// process (a CLI command next to the server) cannot fork the chain.
//
// Backup. SQLite: VACUUM INTO a temporary file while serving, then a
// tar.gz of that copy and the blob directory. Restore unpacks into an
// empty data directory. PostgreSQL backups are pg_dump's job.
//
// Driver errors are translated in one file per driver (sqlite.go,
// postgres.go): unique violations become ErrDuplicate.
package store

package store

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// The derived rows of a record — filter values, search text, blind
// indexes of personal values, links and clocks — are rewritten with every
// change, in the same transaction.

// maxIndexedValue bounds the values kept in record_values (longer text is
// for reading and search, not for equality filters).
const maxIndexedValue = 200

// indexable reports whether a field's values go to record_values.
func indexable(f *ledger.Field) bool {
	switch f.Type {
	case ledger.TypePersonal, ledger.TypeLongText, ledger.TypeFile, ledger.TypeTable:
		return false
	}
	return true
}

// searchText is the searchable text of data: the Search fields, never
// personal ones.
func searchText(k *ledger.Kind, data ledger.Values) string {
	var parts []string
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Type == ledger.TypeTable {
			parts = append(parts, tableSearchText(f, data)...)
			continue
		}
		if f.Search && f.Type != ledger.TypePersonal && data[f.Name] != "" {
			parts = append(parts, data[f.Name])
		}
	}
	return strings.Join(parts, "\n")
}

// writeIndex rewrites the derived rows of record r (plaintext data).
func (t *wtx) writeIndex(k *ledger.Kind, r *ledger.Record, fresh bool) error {
	return t.writeIndexFTS(k, r, fresh, t.db.ftsBody(k, r.Data))
}

// ftsBody is the full-text index's text of a record's data (SQLite; ""
// when it has none, or on PostgreSQL, which indexes records.search_text).
func (db *DB) ftsBody(k *ledger.Kind, data ledger.Values) string {
	if db.dialect != sqlite {
		return ""
	}
	if text := searchText(k, data); text != "" {
		return bigrams(text)
	}
	return ""
}

// writeIndexFTS is writeIndex with the record's full-text body made
// beforehand (ftsBody).
func (t *wtx) writeIndexFTS(k *ledger.Kind, r *ledger.Record, fresh bool, fts string) error {
	id := r.ID
	if !fresh {
		for _, q := range []string{
			"DELETE FROM record_values WHERE record_id = ?",
			"DELETE FROM pii_index WHERE record_id = ?",
			"DELETE FROM links WHERE from_id = ?",
		} {
			if _, err := t.exec(q, id); err != nil {
				return err
			}
		}
	}
	var vals, pii, links []any
	for i := range k.Fields {
		f := &k.Fields[i]
		v := r.Data[f.Name]
		if v == "" {
			continue
		}
		switch {
		case f.Type == ledger.TypePersonal:
			pii = append(pii, id, k.Name, f.Name, t.db.cfg.Keys.BlindIndex(blindKey(k.Name, f.Name), v))
		case f.Type == ledger.TypeTable && f.HasPersonalColumns():
			for _, fh := range t.db.cellIndexes(k, f, r.Data) {
				pii = append(pii, id, k.Name, fh[0], fh[1])
			}
		case t.db.slots[k.Name][f.Name] != 0:
			// Filtered and sorted through its slot in record_filters
			// (writeFilters): a record_values row would be a second copy.
		case indexable(f) && utf8.RuneCountInString(v) <= maxIndexedValue:
			vals = append(vals, id, k.Name, f.Name, v)
		}
		if f.Type == ledger.TypeReference {
			if to, err := strconv.ParseInt(v, 10, 64); err == nil {
				links = append(links, id, f.Name, to)
			}
		}
	}
	if err := t.insertMany("INSERT INTO record_values (record_id, kind, field, value) VALUES ", 4, vals); err != nil {
		return err
	}
	if err := t.insertMany("INSERT INTO pii_index (record_id, kind, field, hash) VALUES ", 4, pii); err != nil {
		return err
	}
	if err := t.insertMany("INSERT INTO links (from_id, role, to_id) VALUES ", 3, links); err != nil {
		return err
	}
	if t.db.dialect == sqlite {
		if !fresh {
			t.fts = append(t.fts, ftsOp{id: id, delete: true})
		}
		if fts != "" {
			t.fts = append(t.fts, ftsOp{id: id, body: fts})
		}
	}
	return t.writeGrants(k, r, fresh)
}

// ftsOp is a queued change to the SQLite full-text index.
type ftsOp struct {
	id     int64
	delete bool
	body   string
}

// flushFTS applies the queued full-text changes, in order, at the end of
// the transaction. FTS5 flushes its pending terms into a new segment at
// every savepoint once it has been written in a transaction, so writing it
// per job (each in its own savepoint) cost a segment per record; written
// after the last savepoint it costs one segment per commit.
func (t *wtx) flushFTS() error {
	for _, op := range t.fts {
		if op.delete {
			if _, err := t.exec("DELETE FROM record_fts WHERE rowid = ?", op.id); err != nil {
				return err
			}
			continue
		}
		if _, err := t.exec("INSERT INTO record_fts (rowid, body) VALUES (?, ?)", op.id, op.body); err != nil {
			return err
		}
	}
	t.fts = t.fts[:0]
	return nil
}

// insertMany inserts rows of n columns each in one statement.
func (t *wtx) insertMany(prefix string, n int, args []any) error {
	if len(args) == 0 {
		return nil
	}
	row := "(" + placeholders(n) + ")"
	rows := make([]string, len(args)/n)
	for i := range rows {
		rows[i] = row
	}
	return t.queue(prefix+strings.Join(rows, ", "), args...)
}

// writeClocks replaces the clocks of a record in the unit at path and, for
// a record already stored (not fresh), its next due date
// (ledger.NextDue, records.next_due): the to-do list's order is written in
// the same transaction as the clocks it follows. A fresh record is
// inserted with its next due date (CreateRecord).
func (t *wtx) writeClocks(id int64, path string, clocks []ledger.Clock, fresh bool) error {
	if !fresh {
		if _, err := t.exec("DELETE FROM clocks WHERE record_id = ?", id); err != nil {
			return err
		}
		next := dateText(ledger.NextDue(clocks))
		if err := t.queue("UPDATE records SET next_due = ? WHERE id = ? AND next_due <> ?", next, id, next); err != nil {
			return err
		}
	}
	var args []any
	for _, c := range clocks {
		adj, err := json.Marshal(c.Adjustments)
		if err != nil {
			return err
		}
		if c.Adjustments == nil {
			adj = []byte("[]")
		}
		args = append(args, id, c.Period, string(c.Type), string(c.Counting), c.Days, dateText(c.Start), dateText(c.Due),
			string(c.Status), dateText(c.PausedOn), string(adj), dateText(c.StoppedOn),
			c.Months, dateText(c.Until), c.Setting, c.RemindDays, c.RemindMonths, dateText(c.RemindOn), path)
	}
	return t.insertMany(`INSERT INTO clocks (record_id, period, type, counting, days, start, due, status, paused_on, adjustments, stopped_on,
		months, until_day, setting, remind_days, remind_months, remind_on, unit_path) VALUES `, 18, args)
}

// bumpCount adds delta to the count of records of a kind, unit, state and
// year.
func (t *wtx) bumpCount(kind string, unitID int64, unitPath, state string, year int, delta int) error {
	return t.queue(`INSERT INTO record_counts (kind, unit_id, unit_path, state, year, n) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, unit_id, state, year) DO UPDATE SET n = record_counts.n + excluded.n`,
		kind, unitID, unitPath, state, year, delta)
}

// dateText is the stored form of a date: "" for the zero date.
func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func parseDateText(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, _ := calendar.ParseDate(s)
	return d
}

package store

import (
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/audit"
	"fazhi/internal/ledger"
)

// Rows inside a record (ledger.TypeTable) are stored as the table's
// canonical JSON in the record's data. Their personal cells are sealed one
// by one like a personal field — the additional data names kind, record,
// table and column (personalAAD with "table.column") — so the JSON stays
// readable to the store (search text, audit diff) while the cells are
// ciphertext at rest. A table is never written to record_values or a
// filter slot; its Search columns go to the search text; its personal
// cells get blind-index rows named "table.column:<hash prefix>" (the
// primary key is one row per record and field).

// cellPath names a column of a table field.
func cellPath(table, column string) string { return table + "." + column }

// mapPersonalCells rewrites every non-empty personal cell of the tables
// of k in data with fn, in place. A table that does not parse (it cannot
// be, the engine writes it) is left alone.
func mapPersonalCells(k *ledger.Kind, data ledger.Values, fn func(f, c *ledger.Field, v string) (string, error)) error {
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Type != ledger.TypeTable || !f.HasPersonalColumns() || data[f.Name] == "" {
			continue
		}
		rows := data.Rows(f.Name)
		if rows == nil {
			continue
		}
		changed := false
		for _, row := range rows {
			for j := range f.Columns {
				c := &f.Columns[j]
				v := row[c.Name]
				if c.Type != ledger.TypePersonal || v == "" {
					continue
				}
				out, err := fn(f, c, v)
				if err != nil {
					return err
				}
				row[c.Name], changed = out, changed || out != v
			}
		}
		if changed {
			data[f.Name] = ledger.EncodeRows(rows)
		}
	}
	return nil
}

// sealCells encrypts the personal cells of data in place.
func (db *DB) sealCells(k *ledger.Kind, id int64, data ledger.Values) error {
	return mapPersonalCells(k, data, func(f, c *ledger.Field, v string) (string, error) {
		if db.cfg.Keys == nil {
			return "", fmt.Errorf("personal column %s.%s: no key ring configured", f.Name, c.Name)
		}
		ct, err := db.cfg.Keys.Encrypt(v, personalAAD(k.Name, id, cellPath(f.Name, c.Name)))
		if err != nil {
			return "", fmt.Errorf("encrypt %s.%s: %w", f.Name, c.Name, err)
		}
		return ct, nil
	})
}

// openCells decrypts the personal cells of stored data in place, masking
// them unless clear.
func (db *DB) openCells(k *ledger.Kind, id int64, data ledger.Values, clear bool) error {
	return mapPersonalCells(k, data, func(f, c *ledger.Field, ct string) (string, error) {
		if db.cfg.Keys == nil {
			return "", fmt.Errorf("personal column %s.%s: no key ring configured", f.Name, c.Name)
		}
		v, err := db.cfg.Keys.Decrypt(ct, personalAAD(k.Name, id, cellPath(f.Name, c.Name)))
		if err != nil {
			return "", fmt.Errorf("decrypt %s.%s of record %d: %w", f.Name, c.Name, id, err)
		}
		if !clear {
			v = maskValue(c, v)
		}
		return v, nil
	})
}

// resealCells re-encrypts the personal cells that need rotation, in place,
// and reports whether any did.
func (db *DB) resealCells(k *ledger.Kind, id int64, data ledger.Values) (bool, error) {
	changed := false
	err := mapPersonalCells(k, data, func(f, c *ledger.Field, ct string) (string, error) {
		if !db.cfg.Keys.NeedsRotation(ct) {
			return ct, nil
		}
		aad := personalAAD(k.Name, id, cellPath(f.Name, c.Name))
		pt, err := db.cfg.Keys.Decrypt(ct, aad)
		if err != nil {
			return "", fmt.Errorf("record %d column %s.%s: %w", id, f.Name, c.Name, err)
		}
		changed = true
		return db.cfg.Keys.Encrypt(pt, aad)
	})
	return changed, err
}

// maskCells masks the personal cells of plaintext data in place.
func maskCells(k *ledger.Kind, data ledger.Values) {
	_ = mapPersonalCells(k, data, func(_, c *ledger.Field, v string) (string, error) { return maskValue(c, v), nil })
}

// hasPersonalCells reports whether data holds a table with personal
// columns (its cells are sealed with the record id).
func hasPersonalCells(k *ledger.Kind, data ledger.Values) bool {
	return slices.ContainsFunc(k.Fields, func(f ledger.Field) bool {
		return f.Type == ledger.TypeTable && f.HasPersonalColumns() && data[f.Name] != ""
	})
}

// tableSearchText is the searchable text of a table: its Search columns'
// cells, never personal ones.
func tableSearchText(f *ledger.Field, data ledger.Values) []string {
	var out []string
	for _, row := range data.Rows(f.Name) {
		for j := range f.Columns {
			c := &f.Columns[j]
			if c.Search && c.Type != ledger.TypePersonal && row[c.Name] != "" {
				out = append(out, row[c.Name])
			}
		}
	}
	return out
}

// cellIndexes are the blind-index rows (field, hash) of the personal cells
// of a table, one per distinct value and column.
func (db *DB) cellIndexes(k *ledger.Kind, f *ledger.Field, data ledger.Values) [][2]string {
	var out [][2]string
	seen := map[string]bool{}
	for _, row := range data.Rows(f.Name) {
		for j := range f.Columns {
			c := &f.Columns[j]
			if c.Type != ledger.TypePersonal || row[c.Name] == "" {
				continue
			}
			path := cellPath(f.Name, c.Name)
			h := db.cfg.Keys.BlindIndex(blindKey(k.Name, path), row[c.Name])
			if key := cellIndexField(path, h); !seen[key] {
				seen[key] = true
				out = append(out, [2]string{key, h})
			}
		}
	}
	return out
}

// cellIndexField is the pii_index field of a personal cell's hash.
func cellIndexField(path, hash string) string { return path + ":" + hash[:min(16, len(hash))] }

// auditDiff is the audit diff of a change of a record of k: personal
// fields as audit.Encrypted, and in tables each personal cell as
// audit.Encrypted (marked changed when it differs from the same row's cell
// before), so a table's diff still shows which rows changed.
func auditDiff(k *ledger.Kind, before, after ledger.Values) string {
	if !slices.ContainsFunc(k.Fields, func(f ledger.Field) bool { return f.Type == ledger.TypeTable && f.HasPersonalColumns() }) {
		return audit.Diff(before, after, personalSet(k))
	}
	b, a := redactCells(k, before, nil), redactCells(k, after, before)
	return audit.Diff(b, a, personalSet(k))
}

// redactCells copies data with the personal cells of its tables replaced
// by audit.Encrypted, or audit.Encrypted+"（已更改）" where prev's cell in
// the same row and column differs.
func redactCells(k *ledger.Kind, data, prev ledger.Values) ledger.Values {
	if data == nil {
		return nil
	}
	out := make(ledger.Values, len(data))
	for n, v := range data {
		out[n] = v
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Type != ledger.TypeTable || !f.HasPersonalColumns() || out[f.Name] == "" {
			continue
		}
		rows, old := out.Rows(f.Name), prev.Rows(f.Name)
		for r, row := range rows {
			for j := range f.Columns {
				c := &f.Columns[j]
				if c.Type != ledger.TypePersonal || row[c.Name] == "" {
					continue
				}
				mark := audit.Encrypted
				if prev != nil && (r >= len(old) || old[r][c.Name] != row[c.Name]) {
					mark += "（已更改）"
				}
				row[c.Name] = mark
			}
		}
		out[f.Name] = ledger.EncodeRows(rows)
	}
	return out
}

// personalColumn resolves "table.column" to a personal column of k.
func personalColumn(k *ledger.Kind, path string) (*ledger.Field, bool) {
	table, col, ok := strings.Cut(path, ".")
	if !ok {
		return nil, false
	}
	f := k.Field(table)
	if f == nil || f.Type != ledger.TypeTable {
		return nil, false
	}
	c := f.Column(col)
	return c, c != nil && c.Type == ledger.TypePersonal
}

package store

import (
	"context"
	"encoding/json"
	"fmt"

	"fazhi/internal/ledger"
)

// RotateKeys re-encrypts every personal value not sealed under the key
// ring's current version, in batches, while the store serves. The audit
// history is not touched (it never held the values); one audit entry
// records the rotation. It returns how many records were rewritten.
func (db *DB) RotateKeys(ctx context.Context, a Actor) (n int, err error) {
	defer wrap(&err, "store.RotateKeys")
	type update struct {
		id        int64
		old, next string
	}
	var after int64
	for {
		rows, err := db.query(ctx, "SELECT id, kind, data FROM records WHERE id > ? ORDER BY id LIMIT 500", after)
		if err != nil {
			return n, err
		}
		var batch []update
		seen := 0
		for rows.Next() {
			var id int64
			var kind, data string
			if err := rows.Scan(&id, &kind, &data); err != nil {
				rows.Close()
				return n, err
			}
			seen++
			after = id
			k := db.kind(kind)
			if k == nil {
				continue
			}
			next, changed, err := db.reseal(k, id, data)
			if err != nil {
				rows.Close()
				return n, err
			}
			if changed {
				batch = append(batch, update{id, data, next})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, err
		}
		if len(batch) > 0 {
			err := db.write(ctx, func(t *wtx) error {
				for _, u := range batch {
					// A record changed meanwhile was sealed anew already.
					res, err := t.exec("UPDATE records SET data = ? WHERE id = ? AND data = ?", u.next, u.id, u.old)
					if err != nil {
						return err
					}
					if k, _ := res.RowsAffected(); k > 0 {
						n++
					}
				}
				return nil
			})
			if err != nil {
				return n, err
			}
		}
		if seen == 0 {
			break
		}
	}
	err = db.write(ctx, func(t *wtx) error {
		_, err := t.audit(a, "keys.rotate", "keys", map[string]any{"version": db.cfg.Keys.Current(), "records": n})
		return err
	})
	return n, err
}

// reseal re-encrypts the personal values of stored data that need it.
func (db *DB) reseal(k *ledger.Kind, id int64, data string) (string, bool, error) {
	var vals ledger.Values
	if err := json.Unmarshal([]byte(data), &vals); err != nil {
		return "", false, fmt.Errorf("record %d: %w", id, err)
	}
	changed := false
	for i := range k.Fields {
		f := &k.Fields[i]
		ct := vals[f.Name]
		if f.Type != ledger.TypePersonal || !db.cfg.Keys.NeedsRotation(ct) {
			continue
		}
		aad := personalAAD(k.Name, id, f.Name)
		pt, err := db.cfg.Keys.Decrypt(ct, aad)
		if err != nil {
			return "", false, fmt.Errorf("record %d field %s: %w", id, f.Name, err)
		}
		if vals[f.Name], err = db.cfg.Keys.Encrypt(pt, aad); err != nil {
			return "", false, err
		}
		changed = true
	}
	cells, err := db.resealCells(k, id, vals)
	if err != nil {
		return "", false, err
	}
	if !changed && !cells {
		return data, false, nil
	}
	b, err := json.Marshal(vals)
	return string(b), true, err
}

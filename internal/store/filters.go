package store

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf8"

	"fazhi/internal/ledger"
)

// Filter slots: record_filters holds one row per record with the values of
// its kind's Filter fields in columns f1…f8, each with a partial covering
// index (kind, f_i, unit_path, updated_at, other slots), so a filtered list
// page and its total are one index range instead of a record_values lookup
// per filter and record (migration 0003). filter_slots maps kind and field
// to a slot; a slot, once given, is never renumbered.

// filterSlots is the number of slot columns in record_filters.
const filterSlots = 8

// slotCol is the column of slot i (1-based).
func slotCol(i int) string { return "f" + strconv.Itoa(i) }

// slotted reports whether a field may hold a filter slot: a Filter field
// whose values go to record_values (so never a personal one).
func slotted(f *ledger.Field) bool { return f.Filter && indexable(f) }

// slotValue is the stored slot value of v: the same values record_values
// keeps, so both paths match the same records. nil means none.
func slotValue(v string) any {
	if v == "" || utf8.RuneCountInString(v) > maxIndexedValue {
		return nil
	}
	return v
}

// syncFilterSlots loads the slot map and gives each Filter field of the
// declared kinds that has none the lowest free slot, filling that slot for
// the kind's existing records from record_values in the same transaction.
// Fields beyond the eighth of a kind stay without a slot (their filters
// take the record_values path).
func (db *DB) syncFilterSlots(ctx context.Context) (err error) {
	defer wrap(&err, "filter slots")
	slots := map[string]map[string]int{}
	err = db.write(ctx, func(t *wtx) error {
		clear(slots)
		rows, err := t.query("SELECT kind, field, slot FROM filter_slots")
		if err != nil {
			return err
		}
		for rows.Next() {
			var kind, field string
			var slot int
			if err := rows.Scan(&kind, &field, &slot); err != nil {
				rows.Close()
				return err
			}
			if slots[kind] == nil {
				slots[kind] = map[string]int{}
			}
			slots[kind][field] = slot
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if db.cfg.Kinds == nil {
			return nil
		}
		for _, k := range db.cfg.Kinds.Kinds() {
			for i := range k.Fields {
				f := &k.Fields[i]
				if !slotted(f) || slots[k.Name][f.Name] != 0 {
					continue
				}
				slot := freeSlot(slots[k.Name])
				if slot == 0 {
					break
				}
				if _, err := t.exec("INSERT INTO filter_slots (kind, field, slot) VALUES (?, ?, ?)", k.Name, f.Name, slot); err != nil {
					return err
				}
				if err := t.fillSlot(k.Name, f.Name, slotCol(slot)); err != nil {
					return fmt.Errorf("fill %s.%s: %w", k.Name, f.Name, err)
				}
				if slots[k.Name] == nil {
					slots[k.Name] = map[string]int{}
				}
				slots[k.Name][f.Name] = slot
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	db.slots = slots
	return nil
}

// fillSlot fills column col of record_filters with field's values for
// the kind's records, read from the records' data (a slotted field is
// never personal, so its value is there in clear), as slotValue keeps
// them: empty and over-long values are NULL.
func (t *wtx) fillSlot(kind, field, col string) error {
	value := "json_extract(r.data, '$.' || ?)"
	if t.db.dialect == postgres {
		value = "(r.data::jsonb ->> ?)"
	}
	if _, err := t.exec("UPDATE record_filters SET "+col+" = (SELECT "+value+" FROM records r WHERE r.id = record_filters.record_id) WHERE kind = ?",
		field, kind); err != nil {
		return err
	}
	_, err := t.exec("UPDATE record_filters SET "+col+" = NULL WHERE kind = ? AND ("+col+" = '' OR length("+col+") > ?)", kind, maxIndexedValue)
	return err
}

// freeSlot is the lowest slot not in used, or 0 when all are taken.
func freeSlot(used map[string]int) int {
	taken := make([]bool, filterSlots+1)
	for _, s := range used {
		if s >= 1 && s <= filterSlots {
			taken[s] = true
		}
	}
	for i := 1; i <= filterSlots; i++ {
		if !taken[i] {
			return i
		}
	}
	return 0
}

// slotOf is the slot of a kind's field, or 0.
func (db *DB) slotOf(kind, field string) int {
	if db.noSlots {
		return 0
	}
	return db.slots[kind][field]
}

// writeFilters rewrites record r's row in record_filters (plaintext data).
func (t *wtx) writeFilters(k *ledger.Kind, r *ledger.Record, unitPath string, fresh bool) error {
	vals := make([]any, filterSlots)
	for field, slot := range t.db.slots[k.Name] {
		vals[slot-1] = slotValue(r.Data[field])
	}
	if fresh {
		return t.queue("INSERT INTO record_filters (record_id, kind, unit_path, updated_at, f1, f2, f3, f4, f5, f6, f7, f8) VALUES ("+placeholders(12)+")",
			append([]any{r.ID, k.Name, unitPath, micros(r.UpdatedAt)}, vals...)...)
	}
	_, err := t.exec("UPDATE record_filters SET updated_at = ?, f1 = ?, f2 = ?, f3 = ?, f4 = ?, f5 = ?, f6 = ?, f7 = ?, f8 = ? WHERE record_id = ?",
		append(append([]any{micros(r.UpdatedAt)}, vals...), r.ID)...)
	return err
}

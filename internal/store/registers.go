package store

import (
	"fmt"

	"fazhi/internal/ledger"
)

// issueNumber takes the next number of register name for unitID and year
// inside the write transaction: the row is only ever incremented, so a
// number is issued once; a transaction that fails (its savepoint rolled
// back) gives its number back, so none is skipped either.
func (t *wtx) issueNumber(unitID int64, name string, year int) (int, error) {
	var seq int
	err := t.queryRow(`INSERT INTO registers (unit_id, name, year, last) VALUES (?, ?, ?, 1)
		ON CONFLICT (unit_id, name, year) DO UPDATE SET last = registers.last + 1 RETURNING last`, unitID, name, year).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("issue register %s number: %w", name, t.db.translate(err))
	}
	return seq, nil
}

// fillRegister issues transition t's register number into r when the
// record had none before (old), and recomputes the fields derived from it.
func (t *wtx) fillRegister(k *ledger.Kind, tr *ledger.Transition, old, r *ledger.Record, set ledger.SettingValues, year int) error {
	f := k.RegisterField(tr)
	if f == nil || old.Data[f.Name] != "" {
		return nil
	}
	seq, err := t.issueNumber(r.UnitID, f.Register, year)
	if err != nil {
		return err
	}
	num, err := k.RegisterNumber(f, year, seq, set)
	if err != nil {
		return err
	}
	r.Data[f.Name] = num
	k.ComputeIn(r, set)
	r.Title = k.TitleOf(r.Data)
	return nil
}

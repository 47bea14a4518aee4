package store

import (
	"fmt"
	"strconv"

	"fazhi/internal/ledger"
	"fazhi/internal/secure"
)

// Personal data (ledger.TypePersonal) is sealed before it reaches SQL and
// opened after it leaves: the additional data names kind, record and
// field, so a ciphertext copied into another record or field fails to open.

func personalAAD(kind string, id int64, field string) string {
	return kind + "/" + strconv.FormatInt(id, 10) + "/" + field
}

// sealData returns data with every personal value replaced by its
// ciphertext.
func (db *DB) sealData(k *ledger.Kind, id int64, data ledger.Values) (ledger.Values, error) {
	out := make(ledger.Values, len(data))
	for n, v := range data {
		out[n] = v
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		v := data[f.Name]
		if f.Type != ledger.TypePersonal || v == "" {
			continue
		}
		if db.cfg.Keys == nil {
			return nil, fmt.Errorf("personal field %s: no key ring configured", f.Name)
		}
		ct, err := db.cfg.Keys.Encrypt(v, personalAAD(k.Name, id, f.Name))
		if err != nil {
			return nil, fmt.Errorf("encrypt %s: %w", f.Name, err)
		}
		out[f.Name] = ct
	}
	if err := db.sealCells(k, id, out); err != nil {
		return nil, err
	}
	return out, nil
}

// openData decrypts the personal values of stored data in place, masking
// them unless clear is true.
func (db *DB) openData(k *ledger.Kind, id int64, data ledger.Values, clear bool) error {
	for i := range k.Fields {
		f := &k.Fields[i]
		ct := data[f.Name]
		if f.Type != ledger.TypePersonal || ct == "" {
			continue
		}
		if db.cfg.Keys == nil {
			return fmt.Errorf("personal field %s: no key ring configured", f.Name)
		}
		v, err := db.cfg.Keys.Decrypt(ct, personalAAD(k.Name, id, f.Name))
		if err != nil {
			return fmt.Errorf("decrypt %s of record %d: %w", f.Name, id, err)
		}
		if !clear {
			v = maskValue(f, v)
		}
		data[f.Name] = v
	}
	return db.openCells(k, id, data, clear)
}

// blindKey names the keyed hash of a personal field: kind and field, so
// the same number in two fields hashes apart.
func blindKey(kind, field string) string { return kind + "." + field }

// maskValue hides most of a personal value, by its kind.
func maskValue(f *ledger.Field, v string) string { return secure.Mask(string(f.Personal), v) }

// hasPersonal reports whether data holds a personal value.
func hasPersonal(k *ledger.Kind, data ledger.Values) bool {
	for i := range k.Fields {
		if k.Fields[i].Type == ledger.TypePersonal && data[k.Fields[i].Name] != "" {
			return true
		}
	}
	return hasPersonalCells(k, data)
}

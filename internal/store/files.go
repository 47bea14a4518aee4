package store

import (
	"context"
	"strings"

	"fazhi/internal/ledger"
)

// checkCitedFiles refuses file fields of data that cite an attachment the
// record (id; 0 while it is created) does not have. Values unchanged from
// old are not checked again.
func (db *DB) checkCitedFiles(ctx context.Context, k *ledger.Kind, id int64, data, old ledger.Values) error {
	errs := ledger.FieldErrors{}
	var have map[string]bool
	for i := range k.Fields {
		f := &k.Fields[i]
		v := data[f.Name]
		if f.Type != ledger.TypeFile || v == "" || v == old[f.Name] {
			continue
		}
		if have == nil {
			have = map[string]bool{}
			rows, err := db.query(ctx, "SELECT sha256 FROM attachments WHERE record_id = ?", id)
			if err != nil {
				return err
			}
			for rows.Next() {
				var sha string
				if err := rows.Scan(&sha); err != nil {
					rows.Close()
					return err
				}
				have[sha] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for _, sha := range strings.Split(v, ",") {
			if !have[sha] {
				errs[f.Name] = "「" + f.Label + "」只能选择本记录已上传的附件：请先在“附件”中上传，再勾选"
				break
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

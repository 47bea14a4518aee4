package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fazhi/internal/ledger"
)

// checkUnitsUsers returns FieldErrors for unit and user values — fields
// and columns of rows inside a record — that name no unit or user, or a
// unit outside the actor's read scope: a clerk names the units they see
// (the form offers nothing else, and the API may not do more), and any
// existing user (an adviser's account lives at the county).
func (db *DB) checkUnitsUsers(ctx context.Context, a Actor, k *ledger.Kind, data ledger.Values) (ledger.FieldErrors, error) {
	errs := ledger.FieldErrors{}
	users := map[int64][]string{} // user id → the fields naming it, for one query
	check := func(f *ledger.Field, typ ledger.FieldType, v, where string) {
		if v == "" {
			return
		}
		id, err := strconv.ParseInt(v, 10, 64)
		switch {
		case err != nil:
			errs[f.Name] = where + "应为编号，请重新选择"
		case typ == ledger.TypeUnit:
			if p := db.unitPath(id); p == "" || (!a.System && !a.Scope.CanRead(p)) {
				errs[f.Name] = where + "所指的单位不存在或不在您的管辖范围内，请重新选择"
			}
		case typ == ledger.TypeUser:
			users[id] = append(users[id], f.Name+"\x00"+where)
		}
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		switch f.Type {
		case ledger.TypeUnit, ledger.TypeUser:
			check(f, f.Type, data[f.Name], "「"+f.Label+"」")
		case ledger.TypeTable:
			for n, row := range data.Rows(f.Name) {
				for j := range f.Columns {
					c := &f.Columns[j]
					if c.Type == ledger.TypeUnit || c.Type == ledger.TypeUser {
						check(f, c.Type, row[c.Name], fmt.Sprintf("「%s」第%d行「%s」", f.Label, n+1, c.Label))
					}
				}
			}
		}
	}
	if len(users) > 0 {
		ids := make([]string, 0, len(users))
		for id := range users {
			ids = append(ids, strconv.FormatInt(id, 10))
		}
		rows, err := db.query(ctx, "SELECT id FROM users WHERE id IN ("+strings.Join(ids, ",")+")")
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			delete(users, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, named := range users {
			for _, n := range named {
				name, where, _ := strings.Cut(n, "\x00")
				errs[name] = where + "所指的人员不存在，请重新选择"
			}
		}
	}
	if len(errs) > 0 {
		return errs, nil
	}
	return nil, nil
}

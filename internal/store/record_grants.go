package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// Record grants: a record of a kind that declares ledger.Grant (a legal
// adviser's engagement) gives the person it names roles over units while it
// is in force. They are derived rows like the index — rewritten by every
// write of the record (writeIndex), deleted with it — and read with the
// administrators' grants when a user's scope is computed (ScopeOf). A
// change bumps the auth epoch, so cached API credentials see it at once.

// writeGrants rewrites record r's grants.
func (t *wtx) writeGrants(k *ledger.Kind, r *ledger.Record, fresh bool) error {
	if k.Grant == nil {
		return nil
	}
	user, units := k.GrantOf(r)
	if !fresh {
		res, err := t.exec("DELETE FROM record_grants WHERE record_id = ?", r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			t.scopes = true
		}
	}
	if user == 0 {
		return nil
	}
	roles := joinRoles(k.Grant.Roles)
	args := make([]any, 0, 4*len(units))
	for _, u := range units {
		args = append(args, r.ID, user, u, roles)
	}
	t.scopes = true
	return t.insertMany("INSERT INTO record_grants (record_id, user_id, unit_id, roles) VALUES ", 4, args)
}

// checkGrantUser: the person a granting record names must already hold one
// of the roles it grants (an adviser's engagement names an adviser's
// account), so a record cannot hand a clerk or a stranger a new role.
func (db *DB) checkGrantUser(ctx context.Context, k *ledger.Kind, data ledger.Values) (ledger.FieldErrors, error) {
	g := k.Grant
	if g == nil || data[g.User] == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(data[g.User], 10, 64)
	if err != nil {
		return nil, nil // checkUnitsUsers names the field
	}
	u, err := db.UserByID(ctx, id)
	if err != nil {
		return nil, nil // checkUnitsUsers names the field
	}
	for _, r := range g.Roles {
		if u.Has(r) {
			return nil, nil
		}
	}
	var labels []string
	for _, r := range g.Roles {
		labels = append(labels, "“"+r.Label()+"”")
	}
	f := k.Field(g.User)
	return ledger.FieldErrors{g.User: fmt.Sprintf("「%s」应为具有%s角色的账号（%s没有此角色），请重新选择", f.Label, strings.Join(labels, "或"), u.Username)}, nil
}

// RecordGrants are the grants user holds by records in force, merged per
// unit (roles united), in unit order.
func (db *DB) RecordGrants(ctx context.Context, userID int64) (_ []access.Grant, err error) {
	defer wrap(&err, "store.RecordGrants(%d)", userID)
	rows, err := db.query(ctx, `SELECT g.unit_id, g.roles, g.record_id, r.kind FROM record_grants g JOIN records r ON r.id = g.record_id
		WHERE g.user_id = ? ORDER BY g.unit_id, g.record_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Grant
	for rows.Next() {
		var unit, rec int64
		var roles, kind string
		if err := rows.Scan(&unit, &roles, &rec, &kind); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].UnitID == unit {
			for _, r := range splitRoles(roles) {
				if !slices.Contains(out[n-1].Roles, r) {
					out[n-1].Roles = append(out[n-1].Roles, r)
				}
			}
			continue
		}
		out = append(out, access.Grant{UserID: userID, UnitID: unit, Roles: splitRoles(roles), Record: rec, RecordKind: kind})
	}
	return out, rows.Err()
}

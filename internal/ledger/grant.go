package ledger

import (
	"fmt"
	"slices"
	"strconv"

	"fazhi/internal/access"
)

// Grant declares that a record gives the person it names roles over units
// while the record is in force: a legal adviser's engagement lets the
// adviser's account read and give opinions in the villages it serves, and
// nowhere else, from the day it is recorded until the engagement ends.
// The store keeps these grants in step with every write of the record.
type Grant struct {
	User  string        // a user field naming the person
	Roles []access.Role // the roles granted; the person must already hold one of them
	// States: the record grants while in one of these.
	States []string
	// Table and Column: the units named in this unit column of this table
	// field; with none named, the record's own unit.
	Table, Column string
}

// GrantOf returns the person and the units record r grants k.Grant's roles
// over: none when the kind grants nothing, the record is not in a granting
// state or names no person.
func (k *Kind) GrantOf(r *Record) (user int64, units []int64) {
	g := k.Grant
	if g == nil || !slices.Contains(g.States, r.State) {
		return 0, nil
	}
	user, err := strconv.ParseInt(r.Data[g.User], 10, 64)
	if err != nil || user <= 0 {
		return 0, nil
	}
	for _, row := range r.Data.Rows(g.Table) {
		if id, err := strconv.ParseInt(row[g.Column], 10, 64); err == nil && !slices.Contains(units, id) {
			units = append(units, id)
		}
	}
	if len(units) == 0 {
		units = []int64{r.UnitID}
	}
	return user, units
}

// checkGrant validates k.Grant.
func (k *Kind) checkGrant() error {
	g := k.Grant
	if g == nil {
		return nil
	}
	if f := k.Field(g.User); f == nil || f.Type != TypeUser {
		return fmt.Errorf("grant: %q is not a user field", g.User)
	}
	if len(g.Roles) == 0 || len(g.States) == 0 {
		return fmt.Errorf("grant: needs Roles and States")
	}
	for _, r := range g.Roles {
		if !r.Valid() || r == access.RoleAdmin {
			return fmt.Errorf("grant: role %q cannot be granted by a record", r)
		}
	}
	for _, s := range g.States {
		if k.State(s) == nil {
			return fmt.Errorf("grant: unknown state %q", s)
		}
	}
	if g.Table != "" {
		f := k.Field(g.Table)
		if f == nil || f.Type != TypeTable {
			return fmt.Errorf("grant: %q is not a table field", g.Table)
		}
		if c := f.Column(g.Column); c == nil || c.Type != TypeUnit {
			return fmt.Errorf("grant: %q is not a unit column of %s", g.Column, g.Table)
		}
	}
	return nil
}

package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// lookup resolves ids shown on a page (units, users, referenced records)
// to names, once per request.
type lookup struct {
	s        *Server
	ctx      context.Context
	a        store.Actor
	units    map[int64]access.Unit
	order    []access.Unit
	users    map[int64]string
	titles   map[int64]string
	recKinds map[int64]string // kind of each record in titles
}

func (s *Server) lookup(ctx context.Context, a store.Actor) (*lookup, error) {
	us, err := s.store.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("web.lookup: %w", err)
	}
	l := &lookup{s: s, ctx: ctx, a: a, units: map[int64]access.Unit{}, order: us, users: map[int64]string{}, titles: map[int64]string{}, recKinds: map[int64]string{}}
	for _, u := range us {
		l.units[u.ID] = u
	}
	return l, nil
}

func (l *lookup) unitName(id int64) string {
	if u, ok := l.units[id]; ok {
		return u.Name
	}
	return ""
}

func (l *lookup) unitPath(id int64) string { return l.units[id].Path }

// administers reports whether the actor holds the admin role over unit id
// (in their home subtree or by grant).
func (l *lookup) administers(id int64) bool {
	if _, ok := l.units[id]; !ok {
		return false
	}
	return slices.Contains(l.rolesIn(id), access.RoleAdmin)
}

// administered are the open units the actor administers, in tree order.
func (l *lookup) administered() []access.Unit {
	var out []access.Unit
	for _, u := range l.order {
		if !u.Closed && l.administers(u.ID) {
			out = append(out, u)
		}
	}
	return out
}

// rolesIn are the roles the actor holds for records of unit id.
func (l *lookup) rolesIn(id int64) []access.Role {
	return l.a.Scope.RolesIn(id, l.unitPath(id), l.unitPath)
}

// readableUnits are the units the actor can see, in tree order.
func (l *lookup) readableUnits() []access.Unit {
	var out []access.Unit
	for _, u := range l.order {
		if l.a.Scope.CanRead(u.Path) {
			out = append(out, u)
		}
	}
	return out
}

func (l *lookup) userName(id int64) string {
	if n, ok := l.users[id]; ok {
		return n
	}
	n := ""
	if u, err := l.s.store.UserByID(l.ctx, id); err == nil {
		n = u.Name
		if n == "" {
			n = u.Username
		}
	}
	l.users[id] = n
	return n
}

// recordTitle is the title of a record in scope, or "" when it is not
// visible to the actor.
func (l *lookup) recordTitle(id int64) string {
	l.record(id)
	return l.titles[id]
}

// recordKind is the kind of a record in scope, or "".
func (l *lookup) recordKind(id int64) string {
	l.record(id)
	return l.recKinds[id]
}

func (l *lookup) record(id int64) {
	if _, ok := l.titles[id]; ok {
		return
	}
	t, kind := "", ""
	if r, err := l.s.store.Record(l.ctx, l.a, id); err == nil {
		t, kind = r.Title, r.Kind
		if t == "" {
			t = "#" + strconv.FormatInt(id, 10)
		}
	}
	l.titles[id], l.recKinds[id] = t, kind
}

// unitOptions are the units for a select; selected is the current value.
// Closed units are left out (unless selected: a closed unit's record keeps
// showing where it belongs).
func unitOptions(units []access.Unit, selected string, blank string) []Option {
	var out []Option
	if blank != "" {
		out = append(out, Option{Value: "", Label: blank, Selected: selected == ""})
	}
	for _, u := range units {
		v := strconv.FormatInt(u.ID, 10)
		if u.Closed && v != selected {
			continue
		}
		out = append(out, Option{Value: v, Label: indent(u) + u.Name, Selected: v == selected})
	}
	return out
}

// indent shows a unit's depth in a select.
func indent(u access.Unit) string {
	depth := 0
	for _, c := range u.Path {
		if c == '/' {
			depth++
		}
	}
	out := ""
	for i := 2; i < depth; i++ {
		out += "　"
	}
	return out
}

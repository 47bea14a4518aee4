package demo

import (
	"context"
	"fmt"
	mrand "math/rand/v2"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// seeder carries the state of one Seed run. Its first error sticks: later
// steps do nothing, so the record scripts read as straight lines.
type seeder struct {
	ctx              context.Context
	st               store.Contract
	cal              ledger.Calendar
	today            calendar.Date
	latest           calendar.Date // the latest day a review may start with its clocks computable
	review, decision *ledger.Kind
	catalogue        *ledger.Kind // the decision catalogue the decisions come from
	rnd              *mrand.Rand
	err              error
	count            int
	decks            map[*string][]string

	county   access.Unit
	towns    []access.Unit
	villages [][]access.Unit
	actors   map[string]store.Actor // by user name
}

// people creates the unit tree and one account per role: a clerk, a
// reviewer and a head in each township; the county's administrator and
// inspector; and a legal adviser of the county justice bureau serving every
// township by grant.
func (s *seeder) people(hash func(string) (string, error)) ([]account, error) {
	sys := store.SystemActor("demo")
	s.county = access.Unit{Name: countyName, Level: access.LevelCounty}
	if err := s.st.CreateUnit(s.ctx, sys, &s.county); err != nil {
		return nil, err
	}
	depts := map[string]access.Unit{}
	for _, n := range countyDepartments {
		u := access.Unit{ParentID: s.county.ID, Name: n, Level: access.LevelDepartment}
		if err := s.st.CreateUnit(s.ctx, sys, &u); err != nil {
			return nil, err
		}
		depts[n] = u
	}
	for _, t := range townships {
		u := access.Unit{ParentID: s.county.ID, Name: t.name, Level: access.LevelTownship}
		if err := s.st.CreateUnit(s.ctx, sys, &u); err != nil {
			return nil, err
		}
		s.towns = append(s.towns, u)
		var vs []access.Unit
		for _, vn := range t.villages {
			v := access.Unit{ParentID: u.ID, Name: vn, Level: access.LevelVillage}
			if err := s.st.CreateUnit(s.ctx, sys, &v); err != nil {
				return nil, err
			}
			vs = append(vs, v)
		}
		s.villages = append(s.villages, vs)
	}

	type person struct {
		username, name string
		role           access.Role
		unit           access.Unit
	}
	people := []person{
		{"admin", "赵婧", access.RoleAdmin, s.county},
		{"inspector", "钱文博", access.RoleInspector, s.county},
		{"adviser", "周明远", access.RoleAdviser, depts["县司法局"]},
	}
	for i, t := range townships {
		people = append(people,
			person{t.short + ".clerk", t.clerk, access.RoleClerk, s.towns[i]},
			person{t.short + ".reviewer", t.reviewer, access.RoleReviewer, s.towns[i]},
			person{t.short + ".head", t.head, access.RoleHead, s.towns[i]})
	}
	var accounts []account
	for _, p := range people {
		pw, err := newPassword()
		if err != nil {
			return nil, err
		}
		h, err := hash(pw)
		if err != nil {
			return nil, fmt.Errorf("hash password of %s: %w", p.username, err)
		}
		u := &access.User{Username: p.username, Name: p.name, UnitID: p.unit.ID, Roles: []access.Role{p.role}, PasswordHash: h}
		if err := s.st.CreateUser(s.ctx, sys, u); err != nil {
			return nil, err
		}
		if p.role == access.RoleAdviser {
			for _, town := range s.towns {
				if err := s.st.AddGrant(s.ctx, sys, access.Grant{UserID: u.ID, UnitID: town.ID, Roles: []access.Role{access.RoleAdviser}}); err != nil {
					return nil, err
				}
			}
		}
		scope, err := s.st.ScopeOf(s.ctx, u)
		if err != nil {
			return nil, err
		}
		s.actors[p.username] = store.Actor{UserID: u.ID, UserName: u.Name, UnitID: u.UnitID, Addr: "127.0.0.1",
			Scope: scope, Roles: u.Roles, SeePersonal: p.role != access.RoleClerk && p.role != access.RoleInspector}
		accounts = append(accounts, account{p.username, pw, p.name, p.role.Label(), p.unit.Name})
	}
	return accounts, nil
}

package main

// The generated county of `fazhi bench pages`: its townships and one user
// per township holding the township's roles; demo.Generate fills them with
// townships × years of records of every kind at the yearly volumes the
// kinds declare (ledger.Demo), so the board, the to-do lists and the
// indicators have realistic data to read.

import (
	"context"
	"fmt"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// countyUsers are the accounts the page benchmark logs in as.
type countyUsers struct {
	County   *access.User   // county inspector and head: reads and waits on every township
	Towns    []*access.User // per township: clerk, reviewer and head
	Password string
}

const countyPassword = "Bench-password-2026"

// countyPeople creates the county, its townships with a village each, the
// county user and one user per township holding the township's roles.
func countyPeople(ctx context.Context, db *store.DB, n int) (*countyUsers, []access.Unit, error) {
	sys := store.SystemActor("bench")
	county := &access.Unit{Name: "压测县", Level: access.LevelCounty}
	if err := db.CreateUnit(ctx, sys, county); err != nil {
		return nil, nil, err
	}
	hash, err := access.HashPassword(countyPassword, access.DefaultPasswordParams)
	if err != nil {
		return nil, nil, err
	}
	out := &countyUsers{Password: countyPassword}
	out.County = &access.User{Username: "county", Name: "县司法局督察员", UnitID: county.ID,
		Roles: []access.Role{access.RoleInspector, access.RoleHead}, PasswordHash: hash}
	if err := db.CreateUser(ctx, sys, out.County); err != nil {
		return nil, nil, err
	}
	var towns []access.Unit
	for i := 1; i <= n; i++ {
		town := &access.Unit{ParentID: county.ID, Name: fmt.Sprintf("压测%d镇", i), Level: access.LevelTownship}
		if err := db.CreateUnit(ctx, sys, town); err != nil {
			return nil, nil, err
		}
		v := &access.Unit{ParentID: town.ID, Name: fmt.Sprintf("压测%d镇一村", i), Level: access.LevelVillage}
		if err := db.CreateUnit(ctx, sys, v); err != nil {
			return nil, nil, err
		}
		u := &access.User{Username: fmt.Sprintf("town%d", i), Name: fmt.Sprintf("经办人%d", i), UnitID: town.ID,
			Roles:        []access.Role{access.RoleClerk, access.RoleReviewer, access.RoleHead, access.RoleAdviser},
			PasswordHash: hash}
		if err := db.CreateUser(ctx, sys, u); err != nil {
			return nil, nil, err
		}
		out.Towns = append(out.Towns, u)
		towns = append(towns, *town)
	}
	return out, towns, nil
}

package access

import "slices"

// Scope is the data a principal may read and change. The store applies it in
// its WHERE clauses: anything outside ReadPaths does not exist for the caller.
//
// ReadPaths are unit path prefixes ("/1/4/"): a user reads their home unit's
// subtree, every granted unit's subtree and, as 督察员, the subtree of their
// unit. WriteUnits maps a unit id to the roles the principal holds there.
type Scope struct {
	UserID     int64
	ReadPaths  []string
	WriteUnits map[int64][]Role
}

// CanRead reports whether a unit with the given path is visible.
func (s Scope) CanRead(unitPath string) bool {
	for _, p := range s.ReadPaths {
		if len(unitPath) >= len(p) && unitPath[:len(p)] == p {
			return true
		}
	}
	return false
}

// RolesIn returns the roles the principal holds for acting on records of
// unitID. Roles held in a unit extend to its descendants, so unitPath (the
// record unit's path) is consulted as well.
func (s Scope) RolesIn(unitID int64, unitPath string, pathOf func(int64) string) []Role {
	var out []Role
	for id, roles := range s.WriteUnits {
		if id == unitID || (pathOf != nil && hasPrefix(unitPath, pathOf(id))) {
			for _, r := range roles {
				if !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

func hasPrefix(s, p string) bool { return p != "" && len(s) >= len(p) && s[:len(p)] == p }

// ScopeFor computes the scope of user u, whose home unit is home, with the
// grants given. Inspectors read their unit's subtree but gain no write roles
// from the inspector role itself.
func ScopeFor(u *User, home Unit, grants []Grant, grantPaths map[int64]string) Scope {
	s := Scope{UserID: u.ID, WriteUnits: map[int64][]Role{}}
	s.ReadPaths = append(s.ReadPaths, home.Path)
	var own []Role
	for _, r := range u.Roles {
		if r != RoleInspector {
			own = append(own, r)
		}
	}
	if len(own) > 0 {
		s.WriteUnits[home.ID] = own
	}
	for _, g := range grants {
		if p, ok := grantPaths[g.UnitID]; ok && !slices.Contains(s.ReadPaths, p) {
			s.ReadPaths = append(s.ReadPaths, p)
		}
		s.WriteUnits[g.UnitID] = append(s.WriteUnits[g.UnitID], g.Roles...)
	}
	return s
}

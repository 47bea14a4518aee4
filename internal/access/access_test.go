package access

import "testing"

// Personal data in clear only for the roles that handle the matter; the
// inspector and the administrator see masked values (等保: least privilege).
func TestSeesPersonal(t *testing.T) {
	for _, tc := range []struct {
		roles []Role
		want  bool
	}{
		{[]Role{RoleClerk}, true},
		{[]Role{RoleReviewer}, true},
		{[]Role{RoleAdviser}, true},
		{[]Role{RoleHead}, true},
		{[]Role{RoleInspector}, false},
		{[]Role{RoleAdmin}, false},
		{[]Role{RoleAdmin, RoleInspector}, false},
		{[]Role{RoleInspector, RoleHead}, true},
		{nil, false},
	} {
		if got := SeesPersonal(tc.roles); got != tc.want {
			t.Errorf("SeesPersonal(%v) = %v, want %v", tc.roles, got, tc.want)
		}
	}
}

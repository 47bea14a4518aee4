// Package access holds who may see and do what: the unit tree (县 → 乡镇/街道 →
// 村/社区, with 部门/科室 inside a unit), users and their roles, explicit grants
// across units, and the data scope every store query is filtered by.
//
// It is pure domain: no SQL, no HTTP. The store persists these types; the web
// layer puts a Principal on each request.
package access

import "slices"

// Role is what a user may do inside the units they can reach.
type Role string

const (
	RoleClerk     Role = "clerk"     // 录入员: records and edits ledgers
	RoleReviewer  Role = "reviewer"  // 审核员: legality reviewer
	RoleAdviser   Role = "adviser"   // 法律顾问: legal adviser, may serve several units by grant
	RoleHead      Role = "head"      // 负责人: approves, decides
	RoleInspector Role = "inspector" // 督察员: reads the whole subtree below their unit, changes nothing
	RoleAdmin     Role = "admin"     // 管理员: users and units of their subtree
)

// AllRoles lists roles in display order.
var AllRoles = []Role{RoleClerk, RoleReviewer, RoleAdviser, RoleHead, RoleInspector, RoleAdmin}

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleClerk:
		return "录入员"
	case RoleReviewer:
		return "审核员"
	case RoleAdviser:
		return "法律顾问"
	case RoleHead:
		return "负责人"
	case RoleInspector:
		return "督察员"
	case RoleAdmin:
		return "管理员"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// personalRoles may see personal data (names, ID numbers, phones of the
// people a record is about) in clear. They are the roles that handle the
// matter itself: the clerk who records it and must be able to correct it,
// the legality reviewer and legal adviser who assess it, and the head who
// decides it. The inspector (督察员) checks that work is done, not who it
// concerns, and the administrator manages accounts: both see masked values.
var personalRoles = []Role{RoleClerk, RoleReviewer, RoleAdviser, RoleHead}

// SeesPersonal reports whether a holder of roles sees personal data in
// clear. It is the one place this policy is decided.
func SeesPersonal(roles []Role) bool {
	return slices.ContainsFunc(roles, func(r Role) bool { return slices.Contains(personalRoles, r) })
}

// Level is a unit's place in the administrative tree.
type Level string

const (
	LevelProvince   Level = "province"   // 省
	LevelCity       Level = "city"       // 市
	LevelCounty     Level = "county"     // 县/区
	LevelTownship   Level = "township"   // 乡镇/街道
	LevelVillage    Level = "village"    // 村/社区
	LevelDepartment Level = "department" // 部门/科室
)

// Label is the level's Chinese name.
func (l Level) Label() string {
	switch l {
	case LevelProvince:
		return "省"
	case LevelCity:
		return "市"
	case LevelCounty:
		return "县/区"
	case LevelTownship:
		return "乡镇/街道"
	case LevelVillage:
		return "村/社区"
	case LevelDepartment:
		return "部门/科室"
	}
	return string(l)
}

// Unit is one node of the unit tree. Path is the materialised path of ids
// from the root, e.g. "/1/4/9/", so a subtree is a prefix match.
type Unit struct {
	ID       int64
	ParentID int64 // 0 for the root
	Name     string
	Level    Level
	Path     string
	// CreditCode is the optional 统一社会信用代码.
	CreditCode string
	// Closed marks a unit closed (撤销/合并): it keeps its records, read
	// only, and is offered in no picker. Units are never deleted.
	Closed bool
}

// User is a person who logs in. A user belongs to exactly one home unit.
type User struct {
	ID           int64
	Username     string
	Name         string
	UnitID       int64
	Roles        []Role
	PasswordHash string
	Locked       bool // locked by an administrator (not the temporary failure lockout)
}

// Has reports whether the user holds role r.
func (u *User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// Grant lets a user act in a unit other than their home unit with the listed
// roles, e.g. a legal adviser serving several townships.
type Grant struct {
	UserID int64
	UnitID int64
	Roles  []Role
	// Record is the ledger record in force that grants it (a legal
	// adviser's engagement), of kind RecordKind; 0 for an administrator's
	// grant.
	Record     int64
	RecordKind string
}
